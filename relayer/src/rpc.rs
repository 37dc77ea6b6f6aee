//! A JSON-RPC 2.0 client over HTTP(S) for the three kinds of endpoint the relayer talks to: a
//! MetaChain node, an Ethereum node, and Bitcoin Core (28 or later, which answers JSON-RPC 2.0,
//! with HTTP basic authentication).

use anyhow::{Context, Result};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::{HeaderMap, HeaderValue, HttpClient, HttpClientBuilder},
};
use serde_json::Value;
use std::time::Duration;

/// A JSON-RPC endpoint.
pub struct Rpc {
	client: HttpClient,
	url: String,
}

/// Standard base64 of `input` (for the basic authentication header).
pub fn base64(input: &[u8]) -> String {
	const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	let mut out = String::new();
	for chunk in input.chunks(3) {
		let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
		let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
		for i in 0..4 {
			if i <= chunk.len() {
				out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
			} else {
				out.push('=');
			}
		}
	}
	out
}

impl Rpc {
	/// A client of `url`, with `user:password` basic authentication if given.
	pub fn new(url: &str, auth: Option<&str>) -> Result<Self> {
		let mut headers = HeaderMap::new();
		if let Some(auth) = auth {
			let value = HeaderValue::from_str(&format!("Basic {}", base64(auth.as_bytes())))
				.context("invalid credentials")?;
			headers.insert("Authorization", value);
		}
		let client = HttpClientBuilder::default()
			.set_headers(headers)
			.request_timeout(Duration::from_secs(60))
			.max_response_size(64 * 1024 * 1024)
			.build(url)
			.with_context(|| format!("bad RPC URL {url}"))?;
		Ok(Self { client, url: url.to_string() })
	}

	/// Calls `method` with the elements of `params` (a JSON array).
	pub async fn call(&self, method: &str, params: Value) -> Result<Value> {
		let mut array = ArrayParams::new();
		for p in params.as_array().cloned().unwrap_or_default() {
			array.insert(p).context("parameter")?;
		}
		self.client
			.request::<Value, _>(method, array)
			.await
			.with_context(|| format!("{method} at {}", self.url))
	}
}

#[cfg(test)]
mod tests {
	#[test]
	fn base64_matches_rfc4648() {
		assert_eq!(super::base64(b""), "");
		assert_eq!(super::base64(b"f"), "Zg==");
		assert_eq!(super::base64(b"fo"), "Zm8=");
		assert_eq!(super::base64(b"foo"), "Zm9v");
		assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
		assert_eq!(super::base64(b"user:pass"), "dXNlcjpwYXNz");
	}
}
