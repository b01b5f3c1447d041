//! `intently serve`: the bot server, with the REST shape of ChatBot's API.
//!
//! One server hosts one bot, kept in a SQLite database (WAL). Its two tokens are created on
//! first start and printed once (or taken from `INTENTLY_DEVELOPER_TOKEN` and
//! `INTENTLY_CLIENT_TOKEN`); only their hashes are stored. `POST /tokens/client` regenerates
//! the client token at once; `intently tokens rotate` either token while the server is
//! stopped. Every write is validated, stored in one transaction and compiled off the request
//! path; the new model is swapped in whole.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use intently::Model;
use intently::story::{Entity, Story, Webhook};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

mod auth;
mod body;
mod bot;
mod envelope;
mod metrics;
mod query;
mod resources;
mod start;
mod state;
mod store;
mod webhooks;

use auth::Tokens;
pub use auth::{TokensArgs, run as tokens};
use envelope::ApiError;
use state::{Sessions, State};
use store::Store;

/// The options of `intently serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The database (created if missing).
    #[arg(long, default_value = "intently-data/intently.db")]
    db: PathBuf,
    /// A bot file to import when the database holds no bot yet; a stored bot is kept (and
    /// said so) unless `--replace` is given.
    #[arg(long, value_name = "FILE")]
    bot: Option<PathBuf>,
    /// Import the `--bot` file over the stored bot, as a new revision. The file is validated
    /// first: one with errors is refused and the database is left as it was.
    #[arg(long, requires = "bot")]
    replace: bool,
    /// How many conversations are kept in memory (the least recently used go first).
    #[arg(long, default_value_t = 100_000)]
    max_sessions: usize,
    /// How long a conversation is kept without a turn, in seconds.
    #[arg(long, default_value_t = 600)]
    session_idle: u64,
    /// A web origin allowed to call `POST /query` from a browser (CORS), e.g.
    /// `https://shop.example.org`; repeatable; `*` allows any.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// The longest a request may take, in seconds (a 408 after it).
    #[arg(long, default_value_t = 30)]
    request_timeout: u64,
    /// The longest a webhook may take to answer, in seconds; a query goes on without it.
    #[arg(long, default_value_t = 10)]
    webhook_timeout: u64,
    /// After this many failures in a row, a webhook is paused: turns go on without calling
    /// it (0: never paused).
    #[arg(long, default_value_t = 3)]
    webhook_pause_after: u32,
    /// How long a failing webhook is paused, in seconds; the next call after it tries again.
    #[arg(long, default_value_t = 30)]
    webhook_pause: u64,
}

/// The bearer token of a request, if any.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok())
}

/// Only the developer token may call this.
fn developer(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    state
        .tokens
        .load()
        .check(bearer(headers), auth::Role::Developer)
        .map(|_| ())
}

/// CORS for `POST /query`: the allowed origins (`*` for any), the preflight answered.
fn cors(origins: &[String]) -> anyhow::Result<CorsLayer> {
    let layer = CorsLayer::new()
        .allow_methods([Method::POST])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .max_age(Duration::from_secs(3600));
    if origins.iter().any(|o| o == "*") {
        return Ok(layer.allow_origin(AllowOrigin::any()));
    }
    let origins = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o).with_context(|| format!("--allow-origin {o:?} is not a header value"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(layer.allow_origin(AllowOrigin::list(origins)))
}

/// The routes.
fn router(state: Arc<State>, args: &Args) -> anyhow::Result<Router> {
    let timeout = args.request_timeout;
    let query = Router::new()
        .route("/query", post(query::query))
        .layer(cors(&args.allow_origins)?);
    Ok(Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .merge(query)
        .route("/export", get(bot::export))
        .route("/import", post(bot::import))
        .route("/stories", get(bot::list).post(resources::create::<Story>))
        .route(
            "/stories/{id}",
            get(resources::get::<Story>)
                .put(resources::put::<Story>)
                .delete(resources::delete::<Story>),
        )
        .route("/tokens/client", post(rotate_client))
        .route("/training", get(bot::training))
        .route("/training/train", axum::routing::put(bot::train))
        .route(
            "/stories/{id}/interactions",
            get(resources::interactions).post(resources::create_interaction),
        )
        .route(
            "/stories/{id}/interactions/{iid}",
            get(resources::interaction)
                .put(resources::put_interaction)
                .delete(resources::delete_interaction),
        )
        .route(
            "/entities",
            get(resources::list::<Entity>).post(resources::create::<Entity>),
        )
        .route(
            "/entities/{id}",
            get(resources::get::<Entity>)
                .put(resources::put::<Entity>)
                .delete(resources::delete::<Entity>),
        )
        .route(
            "/webhooks",
            get(resources::list::<Webhook>).post(resources::create::<Webhook>),
        )
        .route(
            "/webhooks/{id}",
            get(resources::get::<Webhook>)
                .put(resources::put::<Webhook>)
                .delete(resources::delete::<Webhook>),
        )
        .fallback(|| async { ApiError::not_found("no such endpoint") })
        .layer(DefaultBodyLimit::max(body::MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(args.request_timeout),
        ))
        .layer(axum::middleware::from_fn(move |request, next| {
            bare_errors(request, next, timeout)
        }))
        .layer(axum::middleware::from_fn(log))
        .with_state(state))
}

/// `GET /health`: the server answers and has a model.
async fn health(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
) -> axum::Json<serde_json::Value> {
    let compiled = state.model.load();
    let mut body = envelope::envelope(200, "success");
    body["revision"] = serde_json::json!(compiled.revision);
    body["stories"] = serde_json::json!(compiled.model.stories().len());
    body["sessions"] = serde_json::json!(state::lock(&state.sessions).len());
    axum::Json(body)
}

/// `GET /metrics` (developer token): Prometheus' text format.
async fn metrics(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    headers: HeaderMap,
) -> Result<([(axum::http::HeaderName, &'static str); 1], String), ApiError> {
    developer(&state, &headers)?;
    let sessions = state::lock(&state.sessions).len();
    let revision = state.model.load().revision;
    Ok((
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(sessions, revision),
    ))
}

/// `POST /tokens/client` (developer token): a new client token, answered once in the
/// envelope of success (`token`), never stored in clear. Its hash is stored and swapped in
/// before the answer, so the old client token is refused from then on, here and after a
/// restart.
async fn rotate_client(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    headers: HeaderMap,
) -> Result<
    (
        [(axum::http::HeaderName, &'static str); 1],
        axum::Json<serde_json::Value>,
    ),
    ApiError,
> {
    developer(&state, &headers)?;
    let shared = state.clone();
    // Stored and swapped under the store's lock, so two rotations cannot end with the
    // database and the server holding different tokens.
    let token = state
        .with_store(move |store| {
            let (token, hash) = auth::rotate(store, auth::Role::Client)?;
            shared.tokens.rcu(|tokens| tokens.with(auth::Role::Client, hash));
            Ok(token)
        })
        .await?;
    tracing::info!("the client token was regenerated");
    let mut body = envelope::envelope(200, "success");
    body["message"] = serde_json::json!(
        "a new client token: it is shown once (only its hash is stored); the old one no longer works"
    );
    body["token"] = serde_json::json!(token);
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    ))
}

/// Opens the store, imports the bot file if the store has no bot (or over it, with
/// `--replace`), says which bot it serves, makes sure of the tokens, compiles, and serves
/// until SIGINT or SIGTERM (requests in flight finish).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Logs go to stderr; RUST_LOG chooses what (`warn` to leave out the line per request).
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let mut store = Store::open(&args.db)?;
    let (bot, revision) = match start::bot(&mut store, &args.db, args.bot.as_deref(), args.replace)? {
        Ok(served) => served,
        Err(code) => return Ok(code),
    };
    let (tokens, created) = Tokens::ensure(&mut store, |var| std::env::var(var).ok())?;
    for (kind, token) in &created {
        println!("{kind} token: {token}");
    }
    if !created.is_empty() {
        println!("(shown once: only their hashes are stored)");
    }
    let model = Model::compile(&bot).context("the stored bot does not compile")?;
    let sessions = Sessions::new(args.max_sessions, Duration::from_secs(args.session_idle));
    let breaker = webhooks::Breaker::new(args.webhook_pause_after, Duration::from_secs(args.webhook_pause));
    let caller = webhooks::Caller::new(Duration::from_secs(args.webhook_timeout), breaker)?;
    let state = Arc::new(State::new(
        store,
        (bot, revision),
        model,
        tokens,
        sessions,
        caller,
    ));
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        tokio::spawn(state.clone().compile_forever());
        let app = router(state, args)?;
        // The signal handlers exist before anyone is told the server listens, so a SIGTERM
        // sent right after "listening on" stops it gracefully too.
        let stop = shutdown()?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        println!("listening on http://{}", listener.local_addr()?);
        axum::serve(listener, app).with_graceful_shutdown(stop).await?;
        anyhow::Ok(())
    })?;
    println!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// A future that resolves on SIGINT (Ctrl-C) or SIGTERM; the handlers are installed now.
fn shutdown() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot handle SIGTERM")?;
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .context("cannot handle SIGINT")?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Gives each request an id (`x-request-id`, kept if the client sent one) and logs it with
/// its method, path, status and time, as structured fields.
async fn log(mut request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let name = axum::http::HeaderName::from_static("x-request-id");
    let id = match request.headers().get(&name).filter(|v| v.len() <= 128) {
        Some(given) => given.clone(),
        None => HeaderValue::from(NEXT.fetch_add(1, Ordering::Relaxed)),
    };
    request.headers_mut().insert(name.clone(), id.clone());
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let started = std::time::Instant::now();
    let mut response = next.run(request).await;
    tracing::info!(
        request_id = id.to_str().unwrap_or("?"),
        %method,
        path,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response.headers_mut().insert(name, id);
    response
}

/// Answers the statuses the framework writes itself (a wrong method, a request that took
/// too long) with the envelope, like every other error.
async fn bare_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
    timeout: u64,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let response = next.run(request).await;
    if response.headers().contains_key(CONTENT_TYPE) {
        return response;
    }
    match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => {
            ApiError::method_not_allowed(format!("{path} does not take {method}")).into_response()
        }
        StatusCode::REQUEST_TIMEOUT => ApiError::request_timeout(format!(
            "the request took longer than the server's limit of {timeout} s (--request-timeout)"
        ))
        .into_response(),
        _ => response,
    }
}
