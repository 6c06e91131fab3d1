//! Filling forms as the browser does: the page's hidden CSRF token, then the fields, urlencoded
//! or `multipart/form-data`.

use reqwest::StatusCode;

use crate::{Site, get};

/// The hidden CSRF token of the first form on the page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .expect("the page has a form with a CSRF token")
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// GETs `page`, then POSTs `fields` (plus the page's CSRF token) to `action`.
pub async fn submit(
    client: &reqwest::Client,
    server: &impl Site,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(client, &server.url(page)).await;
    let token = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", &token));
    client
        .post(server.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// [`submit`], read to the end: the status and the page.
pub async fn submit_text(
    client: &reqwest::Client,
    server: &impl Site,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let r = submit(client, server, page, action, fields).await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// A file sent with a form: the field's name, the file's name and its content.
pub type FormFile<'a> = (&'a str, &'a str, &'a [u8]);

/// Submits a `multipart/form-data` form as the browser does: the CSRF token of `page`, in the
/// action's query (upload forms carry it there) and as a field, the `fields`, and the file.
pub async fn submit_multipart(
    client: &reqwest::Client,
    server: &impl Site,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<FormFile<'_>>,
) -> reqwest::Response {
    let (_, html) = get(client, &server.url(page)).await;
    let token = csrf_of(&html);
    let boundary = "lpcTestFormBoundary4vX9";
    let mut body = Vec::new();
    for (name, value) in fields.iter().chain([("csrf", token.as_str())].iter()) {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((field, name, content)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let separator = if action.contains('?') { '&' } else { '?' };
    client
        .post(server.url(&format!("{action}{separator}csrf={token}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}
