//! The engines' plain types mapped to the domain's, field by field.

use tailor_domain::job::{
    AnalysedPosting, EmploymentType, Money, SalaryPeriod, SalaryRange, Seniority, WorkMode,
};
use tailor_domain::sample::{Formality, TermCount, WritingStyle};

pub(crate) fn posting(p: tailor_posting::Posting) -> AnalysedPosting {
    AnalysedPosting {
        title: p.title,
        company: p.company,
        location: p.location,
        description: p.description,
        requirements: p.requirements,
        preferred_requirements: p.preferred_requirements,
        responsibilities: p.responsibilities,
        benefits: p.benefits,
        salary: p.salary.map(salary),
        work_mode: p.work_mode.map(work_mode),
        employment_type: p.employment_type.map(employment_type),
        seniority: p.seniority.map(seniority),
        years_experience: p.years_experience,
        keywords: p.keywords,
    }
}

pub(crate) fn salary(s: tailor_posting::SalaryRange) -> SalaryRange {
    use tailor_posting::SalaryPeriod as P;
    SalaryRange {
        min: s.min.map(|m| Money::from_cents(m.cents())),
        max: s.max.map(|m| Money::from_cents(m.cents())),
        currency: s.currency,
        period: match s.period {
            P::Hour => SalaryPeriod::Hour,
            P::Day => SalaryPeriod::Day,
            P::Week => SalaryPeriod::Week,
            P::Month => SalaryPeriod::Month,
            P::Year => SalaryPeriod::Year,
        },
    }
}

fn work_mode(m: tailor_posting::WorkMode) -> WorkMode {
    use tailor_posting::WorkMode as M;
    match m {
        M::Remote => WorkMode::Remote,
        M::Hybrid => WorkMode::Hybrid,
        M::Onsite => WorkMode::Onsite,
    }
}

fn employment_type(t: tailor_posting::EmploymentType) -> EmploymentType {
    use tailor_posting::EmploymentType as T;
    match t {
        T::FullTime => EmploymentType::FullTime,
        T::PartTime => EmploymentType::PartTime,
        T::Contract => EmploymentType::Contract,
        T::Temporary => EmploymentType::Temporary,
        T::Internship => EmploymentType::Internship,
    }
}

fn seniority(s: tailor_posting::Seniority) -> Seniority {
    use tailor_posting::Seniority as S;
    match s {
        S::Intern => Seniority::Intern,
        S::Entry => Seniority::Entry,
        S::Junior => Seniority::Junior,
        S::Mid => Seniority::Mid,
        S::Senior => Seniority::Senior,
        S::Lead => Seniority::Lead,
        S::Principal => Seniority::Principal,
        S::Manager => Seniority::Manager,
        S::Director => Seniority::Director,
        S::Executive => Seniority::Executive,
    }
}

pub(crate) fn style(s: tailor_style::Style) -> WritingStyle {
    let terms = |list: Vec<tailor_style::TermCount>| -> Vec<TermCount> {
        list.into_iter()
            .map(|t| TermCount {
                term: t.term,
                count: t.count,
            })
            .collect()
    };
    WritingStyle {
        word_count: s.word_count,
        sentence_count: s.sentence_count,
        paragraph_count: s.paragraph_count,
        sentence_length_mean: s.sentence_length_mean,
        sentence_length_stddev: s.sentence_length_stddev,
        paragraph_length_mean: s.paragraph_length_mean,
        vocabulary_richness: s.vocabulary_richness,
        first_person_ratio: s.first_person_ratio,
        formality: Formality {
            score: s.formality.score,
            contractions_per_100_words: s.formality.contractions_per_100_words,
            formal_markers_per_100_words: s.formality.formal_markers_per_100_words,
            informal_markers_per_100_words: s.formality.informal_markers_per_100_words,
            level: s.formality.level,
        },
        action_verbs: terms(s.action_verbs),
        phrases: terms(s.phrases),
    }
}

#[cfg(test)]
mod tests {
    use tailor_domain::job as domain;

    use super::*;

    /// The engines keep their own limits; they must be the domain's, or an analysed posting
    /// could break a rule of the job it becomes.
    #[test]
    fn the_engines_limits_are_the_domains() {
        assert_eq!(tailor_posting::MAX_TITLE_LEN, domain::MAX_TITLE_LEN);
        assert_eq!(tailor_posting::MAX_COMPANY_LEN, domain::MAX_COMPANY_LEN);
        assert_eq!(tailor_posting::MAX_LOCATION_LEN, domain::MAX_LOCATION_LEN);
        assert_eq!(
            tailor_posting::MAX_DESCRIPTION_LEN,
            domain::MAX_DESCRIPTION_LEN
        );
        assert_eq!(tailor_posting::MAX_LIST_ITEMS, domain::MAX_LIST_ITEMS);
        assert_eq!(tailor_posting::MAX_ITEM_LEN, domain::MAX_ITEM_LEN);
        assert_eq!(tailor_skills::MAX_KEYWORDS, domain::MAX_KEYWORDS);
        assert_eq!(tailor_skills::MAX_KEYWORD_LEN, domain::MAX_KEYWORD_LEN);
    }

    #[test]
    fn every_value_maps_to_the_value_of_the_same_name() {
        use tailor_posting as engine;
        let periods = [
            engine::SalaryPeriod::Hour,
            engine::SalaryPeriod::Day,
            engine::SalaryPeriod::Week,
            engine::SalaryPeriod::Month,
            engine::SalaryPeriod::Year,
        ];
        for p in periods {
            let mapped = salary(engine::SalaryRange {
                min: Some(engine::Money::from_cents(150)),
                max: None,
                currency: "EUR".into(),
                period: p,
            });
            assert_eq!(mapped.period.as_str(), p.as_str());
            assert_eq!(
                (mapped.min.map(Money::cents), mapped.max),
                (Some(150), None)
            );
        }
        for m in [
            engine::WorkMode::Remote,
            engine::WorkMode::Hybrid,
            engine::WorkMode::Onsite,
        ] {
            assert_eq!(work_mode(m).as_str(), m.as_str());
        }
        for t in [
            engine::EmploymentType::FullTime,
            engine::EmploymentType::PartTime,
            engine::EmploymentType::Contract,
            engine::EmploymentType::Temporary,
            engine::EmploymentType::Internship,
        ] {
            assert_eq!(employment_type(t).as_str(), t.as_str());
        }
        for s in domain::Seniority::ALL {
            let engine_value = [
                engine::Seniority::Intern,
                engine::Seniority::Entry,
                engine::Seniority::Junior,
                engine::Seniority::Mid,
                engine::Seniority::Senior,
                engine::Seniority::Lead,
                engine::Seniority::Principal,
                engine::Seniority::Manager,
                engine::Seniority::Director,
                engine::Seniority::Executive,
            ]
            .into_iter()
            .find(|e| e.as_str() == s.as_str())
            .expect("every domain seniority has an engine value");
            assert_eq!(seniority(engine_value), s);
        }
    }
}
