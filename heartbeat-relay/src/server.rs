//! The relay's HTTP service (HTTP/1.1, JSON):
//!
//! | Request | Answer |
//! |---|---|
//! | `GET /v1/relay` | `{relay, relay_hex, genesis, period, max_batch}`: what a device signs for |
//! | `POST /v1/heartbeats` | one heartbeat `{device, period, signature}` (202 accepted; 400, 409, 422, 429 or 503 with `{accepted: false, reason}`), or an array of them (200, `{results: [...]}` in order) |
//! | `GET /v1/heartbeats/<device>` | the device's latest heartbeat with the relay: `{period, stage, detail}` (`queued`, `submitted`, `included` with the block, `rejected` with the chain's reason) |
//! | `GET /metrics` | Prometheus metrics |
//! | `GET /health` | `ok` |

use crate::{
	queue::{Entry, Refusal, Stage},
	Relay,
};
use http_body_util::{BodyExt, Full, Limited};
use hyper::{
	body::{Bytes, Incoming},
	server::conn::http1,
	service::service_fn,
	Method, Request, Response, StatusCode,
};
use hyper_util::rt::TokioIo;
use metachain_device::{heartbeat, keys};
use serde_json::{json, Value as Json};
use std::{convert::Infallible, net::SocketAddr, sync::Arc};

/// The largest request body: a few thousand heartbeats.
const MAX_BODY: usize = 4 << 20;
/// The most heartbeats in one post.
pub const MAX_POSTED: usize = 10_000;

/// Serve `relay` on `addr` until the process stops.
pub async fn serve(relay: Arc<Relay>, addr: SocketAddr) -> anyhow::Result<()> {
	let listener = tokio::net::TcpListener::bind(addr).await?;
	println!("listening on http://{}", listener.local_addr()?);
	loop {
		let (stream, _) = match listener.accept().await {
			Ok(c) => c,
			Err(e) => {
				eprintln!("accept: {e}");
				continue;
			}
		};
		let relay = relay.clone();
		tokio::spawn(async move {
			let service = service_fn(move |req| handle(relay.clone(), req));
			let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
		});
	}
}

fn reply(status: StatusCode, body: Json) -> Response<Full<Bytes>> {
	Response::builder()
		.status(status)
		.header("content-type", "application/json")
		.body(Full::new(Bytes::from(body.to_string())))
		.expect("a valid response")
}

async fn handle(
	relay: Arc<Relay>,
	req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
	let path = req.uri().path().to_string();
	Ok(match (req.method().clone(), path.as_str()) {
		(Method::GET, "/health") => reply(StatusCode::OK, json!("ok")),
		(Method::GET, "/metrics") => Response::builder()
			.header("content-type", "text/plain; version=0.0.4")
			.body(Full::new(Bytes::from(relay.metrics.render())))
			.expect("a valid response"),
		(Method::GET, "/v1/relay") => reply(
			StatusCode::OK,
			json!({
				"relay": keys::address(&relay.key.account),
				"relay_hex": format!("0x{}", hex::encode(relay.key.account.as_ref() as &[u8])),
				"genesis": format!("0x{}", hex::encode(relay.genesis)),
				"period": relay.queue.lock().expect("not poisoned").period(),
				"max_batch": relay.max_batch,
			}),
		),
		(Method::GET, p) if p.starts_with("/v1/heartbeats/") => {
			match keys::parse_account(&p["/v1/heartbeats/".len()..]) {
				Err(e) => reply(StatusCode::BAD_REQUEST, json!({ "error": format!("{e:#}") })),
				Ok(device) => {
					let stage = relay.queue.lock().expect("not poisoned").stage(&device);
					match stage {
						None => reply(StatusCode::NOT_FOUND, json!({ "error": "no heartbeat" })),
						Some((period, stage)) => {
							let (name, detail) = match stage {
								Stage::Queued => ("queued", None),
								Stage::Submitted => ("submitted", None),
								Stage::Included(block) => ("included", Some(block)),
								Stage::Rejected(reason) => ("rejected", Some(reason)),
							};
							reply(
								StatusCode::OK,
								json!({ "period": period, "stage": name, "detail": detail }),
							)
						}
					}
				}
			}
		}
		(Method::POST, "/v1/heartbeats") => {
			let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
				Ok(b) => b.to_bytes(),
				Err(_) => {
					return Ok(reply(
						StatusCode::PAYLOAD_TOO_LARGE,
						json!({ "error": format!("at most {MAX_BODY} bytes") }),
					))
				}
			};
			post(&relay, &body).await
		}
		_ => reply(StatusCode::NOT_FOUND, json!({ "error": "no such endpoint" })),
	})
}

/// `POST /v1/heartbeats`: one heartbeat or an array of them.
async fn post(relay: &Relay, body: &[u8]) -> Response<Full<Bytes>> {
	let Ok(json) = serde_json::from_slice::<Json>(body) else {
		relay.metrics.reject("intake", "malformed");
		return reply(StatusCode::BAD_REQUEST, json!({ "accepted": false, "reason": "malformed" }));
	};
	let (items, single) = match json {
		Json::Array(items) => (items, false),
		one => (vec![one], true),
	};
	if items.len() > MAX_POSTED {
		return reply(
			StatusCode::PAYLOAD_TOO_LARGE,
			json!({ "error": format!("at most {MAX_POSTED} heartbeats a post") }),
		);
	}
	let results = intake(relay, items).await;
	if single {
		let (status, answer) = results.into_iter().next().expect("one item in, one out");
		reply(status, answer)
	} else {
		reply(
			StatusCode::OK,
			json!({ "results": results.into_iter().map(|(_, a)| a).collect::<Vec<_>>() }),
		)
	}
}

fn refused(status: StatusCode, reason: &str) -> (StatusCode, Json) {
	(status, json!({ "accepted": false, "reason": reason }))
}

/// Verify, rate-limit, deduplicate and journal each posted heartbeat; answers in order.
async fn intake(relay: &Relay, items: Vec<Json>) -> Vec<(StatusCode, Json)> {
	let now = crate::now_ms();
	let mut answers: Vec<Option<(StatusCode, Json)>> = Vec::with_capacity(items.len());
	let mut taken: Vec<(usize, Entry)> = Vec::new();
	for (i, item) in items.into_iter().enumerate() {
		let posted = match serde_json::from_value::<heartbeat::Posted>(item) {
			Ok(p) => p,
			Err(_) => {
				relay.metrics.reject("intake", "malformed");
				answers.push(Some(refused(StatusCode::BAD_REQUEST, "malformed")));
				continue;
			}
		};
		let verified = match heartbeat::verify(&posted, &relay.genesis, &relay.key.account) {
			Ok(v) => v,
			Err(heartbeat::Malformed::Unreadable(_)) => {
				relay.metrics.reject("intake", "malformed");
				answers.push(Some(refused(StatusCode::BAD_REQUEST, "malformed")));
				continue;
			}
			Err(heartbeat::Malformed::BadSignature) => {
				relay.metrics.reject("intake", "bad_signature");
				answers.push(Some(refused(StatusCode::BAD_REQUEST, "bad_signature")));
				continue;
			}
		};
		let checked = {
			let mut q = relay.queue.lock().expect("not poisoned");
			q.allow_post(&verified.device, now)
				.and_then(|_| q.check(&verified.device, verified.period))
				.inspect(|_| q.reserve(&verified.device, verified.period))
		};
		match checked {
			Err(r) => {
				relay.metrics.reject("intake", r.label());
				let status = match r {
					Refusal::WrongPeriod => StatusCode::UNPROCESSABLE_ENTITY,
					Refusal::Duplicate => StatusCode::CONFLICT,
					Refusal::RateLimited => StatusCode::TOO_MANY_REQUESTS,
					Refusal::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
				};
				answers.push(Some(refused(status, r.label())));
			}
			Ok(()) => {
				taken.push((
					i,
					Entry {
						device: verified.device,
						period: verified.period,
						signature: verified.signature,
						accepted_ms: now,
					},
				));
				answers.push(None);
			}
		}
	}
	if !taken.is_empty() {
		let records =
			taken.iter().map(|(_, e)| crate::journal::Record::Accepted(e.clone())).collect();
		let written = relay.journal.write(records).await;
		let mut q = relay.queue.lock().expect("not poisoned");
		for (i, entry) in taken {
			answers[i] = Some(match &written {
				Ok(()) => {
					relay.metrics.accepted.inc();
					q.push(entry);
					(StatusCode::ACCEPTED, json!({ "accepted": true }))
				}
				Err(e) => {
					eprintln!("journal: {e:#}");
					q.release(&entry.device, entry.period);
					relay.metrics.reject("intake", "journal");
					refused(StatusCode::SERVICE_UNAVAILABLE, "journal")
				}
			});
		}
		relay.metrics.queue_length.set(q.len() as i64);
		if q.len() >= relay.max_batch {
			relay.wake.notify_one();
		}
	}
	answers.into_iter().map(|a| a.expect("every item answered")).collect()
}
