//! `uslugi errors`: the catalogue of errors a user can meet, each made by the code that
//! reports it — a `site.toml` parsed, a page read, an address checked, a deploy refused — and
//! printed exactly as the command would print it, with what to do in Russian. The guide's
//! chapter «Если что-то не так» is this output.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Error;
use uslugi_deploy::{DeployError, Failure, RemoteError, Target};
use uslugi_site::config;
use uslugi_site::content::{LoadOptions, RawFile, parse_pages};
use uslugi_site::site::LoadError;

/// `uslugi errors`.
#[derive(Debug, Args)]
pub struct ErrorsArgs {}

/// One entry: when it happens, the error itself, and what to do.
struct Entry {
    title: &'static str,
    error: Error,
    fix: &'static str,
}

fn config_error(text: &str) -> Error {
    let e = config::parse(text, Path::new("site.toml")).expect_err("the sample is broken");
    Error::from(LoadError::from(e))
}

fn page_error(text: &str) -> Error {
    let file = RawFile {
        source: PathBuf::from("content/faq.md"),
        rel: "faq.md".into(),
        bytes: text.as_bytes().to_vec(),
    };
    let opts = LoadOptions {
        drafts: false,
        typography: true,
    };
    let errors = parse_pages(vec![file], opts).expect_err("the sample is broken");
    Error::from(LoadError::Content(errors))
}

fn remote(failure: Failure, what: &'static str, detail: &str) -> Error {
    Error::Deploy(DeployError::Remote {
        target: TARGET.into(),
        error: RemoteError {
            failure,
            what,
            path: "www/gosuslugi/faq/.index.html.uslugi-part".into(),
            detail: detail.into(),
        },
    })
}

const TARGET: &str = "sftp://school5@hosting.example:22/www/gosuslugi/";
const BASE: &str =
    "title = \"Электронные услуги\"\nbase_url = \"https://school5.example/gosuslugi/\"\n";

fn entries() -> Vec<Entry> {
    let mut all = site_entries();
    all.extend(connection_entries());
    all.extend(server_entries());
    all
}

/// Errors of the site's own files.
fn site_entries() -> Vec<Entry> {
    vec![
        Entry {
            title: "Команда запущена не в папке сайта",
            error: Error::from(LoadError::from(config::ConfigError::Missing {
                path: PathBuf::from("site.toml"),
            })),
            fix: "Перейдите в папку сайта (`cd`), где лежит `site.toml`, или укажите её: `--root ПАПКА`.",
        },
        Entry {
            title: "Опечатка в названии настройки",
            error: config_error(&format!("{BASE}[organization]\nnmae = \"МБОУ СОШ № 5\"\n")),
            fix: "Исправьте название по подсказке: uslugi знает все настройки и предлагает ближайшую.",
        },
        Entry {
            title: "Пароль записан в site.toml",
            error: config_error(&format!(
                "{BASE}[deploy]\ntarget = \"{TARGET}\"\npassword = \"…\"\n"
            )),
            fix: "Удалите пароль из файла (и из истории репозитория, а сам пароль смените). Пароль задаётся переменной окружения `USLUGI_DEPLOY_PASSWORD`, в CI — скрытой (masked) переменной; для SFTP лучше ключ.",
        },
        Entry {
            title: "У страницы нет шапки с настройками",
            error: page_error("# Вопросы и ответы\n\nТекст без шапки.\n"),
            fix: "Начните файл с блока между строками `---`; в нём как минимум `title:` — заголовок страницы.",
        },
        Entry {
            title: "Шапка страницы не закрыта",
            error: page_error("---\ntitle: Вопросы и ответы\nkind: faq\n\nТекст.\n"),
            fix: "Закройте шапку строкой `---` перед текстом страницы.",
        },
        Entry {
            title: "Ошибка в шапке страницы",
            error: page_error("---\ntitle: Вопросы и ответы\nkind: вопросы\n---\nТекст.\n"),
            fix: "Поправьте значение по сообщению: в нём названы строка и допустимые значения.",
        },
    ]
}

/// Errors of publishing, up to the login.
fn connection_entries() -> Vec<Entry> {
    vec![
        Entry {
            title: "Адрес публикации не разобран",
            error: Target::parse("sftp://hosting.example/www/")
                .expect_err("no user")
                .into(),
            fix: "Запишите адрес целиком: `sftp://пользователь@сервер/папка/` (или `ftps://`).",
        },
        Entry {
            title: "Пароль в адресе публикации",
            error: Target::parse("sftp://school5:секрет@hosting.example/www/")
                .expect_err("a password")
                .into(),
            fix: "Уберите пароль из адреса и задайте его переменной `USLUGI_DEPLOY_PASSWORD`.",
        },
        Entry {
            title: "Сервер не отвечает",
            error: DeployError::Unreachable {
                endpoint: "hosting.example:22".into(),
                detail: "Connection refused (os error 111)".into(),
            }
            .into(),
            fix: "Проверьте имя сервера и порт; часто доступ по SFTP или FTP нужно сначала включить в панели хостинга.",
        },
        Entry {
            title: "Неизвестный ключ сервера",
            error: DeployError::UnknownHostKey {
                endpoint: "hosting.example:22".into(),
                fingerprint: "SHA256:1Hq0Kx2mZ2c4dTq2r3wWm0v3b8yN8Jr0x5b7C9sQyVw".into(),
                known_hosts: PathBuf::from("/home/editor/.ssh/known_hosts"),
            }
            .into(),
            fix: "Сверьте отпечаток с тем, что публикует хостинг-провайдер; если совпадает — запустите один раз с `--accept-new-host-key`.",
        },
        Entry {
            title: "Ключ сервера изменился",
            error: DeployError::ChangedHostKey {
                endpoint: "hosting.example:22".into(),
                fingerprint: "SHA256:7bWq9zL0cQ2mV5xT8yR1pN4kJ6hG3fD0sA2eW9uI1oP".into(),
                known_hosts: PathBuf::from("/home/editor/.ssh/known_hosts"),
                line: 3,
            }
            .into(),
            fix: "Не публикуйте, пока хостинг не подтвердит новый ключ: так выглядит и переустановка сервера, и перехват соединения.",
        },
        Entry {
            title: "Неверный пароль или ключ",
            error: DeployError::Login {
                target: TARGET.into(),
                user: "school5".into(),
                how: "the password from USLUGI_DEPLOY_PASSWORD".into(),
            }
            .into(),
            fix: "Проверьте имя пользователя и пароль в панели хостинга или добавьте открытую часть ключа в `authorized_keys`.",
        },
    ]
}

/// Errors on the server, once logged in.
fn server_entries() -> Vec<Entry> {
    vec![
        Entry {
            title: "Нет прав на запись в папку",
            error: remote(Failure::Permission, "uploading", "Permission denied"),
            fix: "Проверьте папку в адресе публикации и её права в панели хостинга.",
        },
        Entry {
            title: "На хостинге кончилось место",
            error: remote(Failure::NoSpace, "uploading", "no space left on the server"),
            fix: "Освободите место или увеличьте квоту и запустите `uslugi deploy` снова: он продолжит с того, на чём остановился.",
        },
        Entry {
            title: "Идёт другая публикация",
            error: DeployError::Locked {
                target: TARGET.into(),
                owner: "gitlab-runner@ci (process 4242)".into(),
                since: "2026-12-07T09:15:00Z".into(),
            }
            .into(),
            fix: "Дождитесь окончания той публикации. Старую блокировку (больше часа) снимает `--break-lock`.",
        },
        Entry {
            title: "Публикация удалила бы слишком много файлов",
            error: DeployError::TooManyDeletes {
                target: TARGET.into(),
                count: 240,
                max: 100,
                sample: vec!["news/index.html".into(), "faq/index.html".into()],
            }
            .into(),
            fix: "Посмотрите список в `uslugi deploy --dry-run`; если удаление задумано, поднимите `--max-deletes`.",
        },
    ]
}

/// Prints the catalogue as Markdown: a section per error, the message as the command prints
/// it, and what to do.
pub fn run(_args: &ErrorsArgs) -> Result<i32, Error> {
    let mut out = String::new();
    for e in entries() {
        let shown = uslugi_core::diagnostics::render_all(&e.error.diagnostics(), false);
        out.push_str(&format!(
            "### {}\n\n```text\n{}```\n\n{}\n\n",
            e.title, shown, e.fix
        ));
    }
    print!("{out}");
    Ok(0)
}
