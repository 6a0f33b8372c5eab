//! `/api/v1/auth`: the nine account routes.

mod change_password;
mod check_email;
mod dto;
mod forgot_password;
mod login;
mod logout;
mod me;
mod refresh;
mod register;
mod reset_password;

use actix_web::web;

pub(crate) use change_password::*;
pub(crate) use check_email::*;
pub(crate) use forgot_password::*;
pub(crate) use login::*;
pub(crate) use logout::*;
pub(crate) use me::*;
pub(crate) use refresh::*;
pub(crate) use register::*;
pub(crate) use reset_password::*;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth")
            .service(web::resource("/register").route(web::post().to(register)))
            .service(web::resource("/login").route(web::post().to(login)))
            .service(web::resource("/refresh").route(web::post().to(refresh)))
            .service(web::resource("/me").route(web::get().to(me)))
            .service(web::resource("/logout").route(web::post().to(logout)))
            .service(web::resource("/change-password").route(web::post().to(change_password)))
            .service(web::resource("/forgot-password").route(web::post().to(forgot_password)))
            .service(web::resource("/reset-password").route(web::post().to(reset_password)))
            .service(web::resource("/check-email").route(web::get().to(check_email))),
    );
}
