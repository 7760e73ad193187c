//! Building a store's WASI state (`WasiState`, kept in the store's data) from a configuration:
//! arguments, environment, standard streams and preopened directories.

use super::config::{wacapi_wasi_config_t, Output, Stdin};
use super::readonly;
use crate::store::{Capture, WasiState};
use std::sync::{Arc, RwLock};
use wasmi_wasi::wasi_common::pipe::{ReadPipe, WritePipe};
use wasmi_wasi::{WasiCtxBuilder, WasiFile};

impl WasiState {
    /// Builds the WASI context a configuration describes.
    pub(super) fn build(config: wacapi_wasi_config_t) -> Result<Self, String> {
        let mut builder = wasmi_wasi::WasiCtxBuilder::new();
        let bad_string =
            |what: &str, e: wasmi_wasi::wasi_common::StringArrayError| format!("{what}: {e}");
        if config.inherit_args {
            builder
                .inherit_args()
                .map_err(|e| bad_string("inherited arguments", e))?;
        } else {
            builder
                .args(&config.args)
                .map_err(|e| bad_string("arguments", e))?;
        }
        if config.inherit_env {
            builder
                .inherit_env()
                .map_err(|e| bad_string("inherited environment", e))?;
        } else {
            builder
                .envs(&config.env)
                .map_err(|e| bad_string("environment", e))?;
        }
        match config.stdin {
            Stdin::Closed => {}
            Stdin::Inherit => {
                builder.inherit_stdin();
            }
            Stdin::Bytes(bytes) => {
                builder.stdin(Box::new(ReadPipe::new(std::io::Cursor::new(bytes))));
            }
            // A stream, like the bytes: the guest reads it from the start and cannot seek.
            Stdin::File(file) => {
                builder.stdin(Box::new(ReadPipe::new(file)));
            }
        }
        let stdout = connect_output(&mut builder, Stream::Stdout, config.stdout);
        let stderr = connect_output(&mut builder, Stream::Stderr, config.stderr);
        let ctx = builder.build();
        for p in config.preopens {
            let dir: Box<dyn wasmi_wasi::WasiDir> =
                Box::new(wasmi_wasi::wasi_common::sync::dir::Dir::from_cap_std(p.dir));
            let dir: Box<dyn wasmi_wasi::WasiDir> = if p.read_only {
                Box::new(readonly::ReadOnlyDir::new(dir))
            } else {
                dir
            };
            ctx.push_preopened_dir(dir, &p.guest_path)
                .map_err(|e| format!("preopening {:?}: {e}", p.guest_path))?;
        }
        Ok(Self {
            ctx,
            stdout,
            stderr,
        })
    }
}

/// The guest's two output streams, for [`connect_output`].
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Connects one output stream of the context being built as the configuration says; returns
/// the buffer of a captured stream, which the store keeps so that C can read it.
fn connect_output(builder: &mut WasiCtxBuilder, stream: Stream, output: Output) -> Option<Capture> {
    let (pipe, capture): (Box<dyn WasiFile>, Option<Capture>) = match output {
        Output::Closed => return None,
        Output::Inherit => {
            match stream {
                Stream::Stdout => builder.inherit_stdout(),
                Stream::Stderr => builder.inherit_stderr(),
            };
            return None;
        }
        Output::Capture => {
            let buffer: Capture = Arc::new(RwLock::new(Vec::new()));
            (
                Box::new(WritePipe::from_shared(buffer.clone())),
                Some(buffer),
            )
        }
        Output::File(file) => (Box::new(WritePipe::new(file)), None),
    };
    match stream {
        Stream::Stdout => builder.stdout(pipe),
        Stream::Stderr => builder.stderr(pipe),
    };
    capture
}
