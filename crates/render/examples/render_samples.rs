//! Renders the rich sample resume in every template, and the sample cover letter, to PNG
//! previews so a person can look at them:
//!
//! ```sh
//! cargo run -p tailor-render --example render_samples -- [OUT_DIR]
//! ```
//!
//! `OUT_DIR` defaults to `docs/templates` of the workspace. Options:
//! - `--pdf`, `--docx`: also write the PDF and DOCX of each;
//! - `--default`: add the app's default-size resume in every template;
//! - `--scripts`: add small resumes in German, Greek, Russian, Chinese and Arabic (modern);
//! - `--content=NAME:FILE`: add a resume read from a JSON file (modern).
//!
//! System fonts are read from `/usr/share/fonts` and `/usr/local/share/fonts`.

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use std::path::PathBuf;

use tailor_domain::export::{RenderFormat, Template};
use tailor_domain::ports::{DocumentRenderer, RenderRequest};
use tailor_render::{RenderConfig, TypstRenderer};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let with_pdf = args.iter().any(|a| a == "--pdf");
    let with_docx = args.iter().any(|a| a == "--docx");
    let out = args.iter().find(|a| !a.starts_with("--")).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/templates")),
        PathBuf::from,
    );
    std::fs::create_dir_all(&out)?;
    let out = std::fs::canonicalize(out)?;
    let started = std::time::Instant::now();
    let renderer = TypstRenderer::new(RenderConfig {
        font_dirs: vec!["/usr/share/fonts".into(), "/usr/local/share/fonts".into()],
        ..RenderConfig::default()
    })?;
    println!("renderer ready in {} ms", started.elapsed().as_millis());
    let mut jobs: Vec<(String, RenderRequest)> = Template::ALL
        .iter()
        .map(|&t| {
            (
                t.as_str().to_owned(),
                fixtures::resume_request(fixtures::rich_resume(), t),
            )
        })
        .collect();
    jobs.push((
        "cover-letter".to_owned(),
        fixtures::letter_request(fixtures::cover_letter()),
    ));
    if args.iter().any(|a| a == "--default") {
        for &t in &Template::ALL {
            jobs.push((
                format!("{}-default", t.as_str()),
                fixtures::resume_request(fixtures::default_resume(), t),
            ));
        }
    }
    if args.iter().any(|a| a == "--scripts") {
        for (name, content) in [
            ("german", fixtures::german_resume()),
            ("greek", fixtures::greek_resume()),
            ("russian", fixtures::russian_resume()),
            ("chinese", fixtures::chinese_resume()),
            ("arabic", fixtures::arabic_resume()),
        ] {
            jobs.push((
                name.to_owned(),
                fixtures::resume_request(content, Template::Modern),
            ));
        }
    }
    for extra in args.iter().filter_map(|a| a.strip_prefix("--content=")) {
        let (name, path) = extra.split_once(':').unwrap_or(("custom", extra));
        let content = std::fs::read_to_string(path)?;
        jobs.push((
            name.to_owned(),
            fixtures::resume_request(content, Template::Modern),
        ));
    }
    for (name, request) in jobs {
        let png = renderer
            .render(request.clone(), RenderFormat::PngPreview)
            .await?;
        let path = out.join(format!("{name}.png"));
        std::fs::write(&path, &png.bytes)?;
        println!(
            "{} ({} KB, {} pages, missing glyphs: {:?})",
            path.display(),
            png.bytes.len() / 1024,
            png.page_count.unwrap_or(0),
            png.missing_glyphs,
        );
        if with_pdf {
            let pdf = renderer.render(request.clone(), RenderFormat::Pdf).await?;
            std::fs::write(out.join(format!("{name}.pdf")), &pdf.bytes)?;
        }
        if with_docx {
            let docx = renderer.render(request, RenderFormat::Docx).await?;
            std::fs::write(out.join(format!("{name}.docx")), &docx.bytes)?;
        }
    }
    Ok(())
}
