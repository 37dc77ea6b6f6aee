//! A small JSON-over-HTTP client (hyper), for a device talking to a heartbeat relay.

use anyhow::{Context, Result};
use http_body_util::{BodyExt, Full};
pub use hyper::Method;
use hyper::{body::Bytes, Request};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};

/// `method url` with an optional JSON body; returns the status code and the JSON answer
/// (`null` when the answer is not JSON).
pub async fn json(
	method: Method,
	url: &str,
	body: Option<&serde_json::Value>,
) -> Result<(u16, serde_json::Value)> {
	let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
	let mut req = Request::builder().method(method).uri(url);
	if body.is_some() {
		req = req.header("content-type", "application/json");
	}
	let req = req
		.body(Full::new(Bytes::from(body.map(|b| b.to_string()).unwrap_or_default())))
		.with_context(|| format!("a request to {url}"))?;
	let res = client.request(req).await.with_context(|| format!("asking {url}"))?;
	let status = res.status().as_u16();
	let bytes = res.into_body().collect().await.with_context(|| format!("reading {url}"))?;
	let value = serde_json::from_slice(&bytes.to_bytes()).unwrap_or(serde_json::Value::Null);
	Ok((status, value))
}
