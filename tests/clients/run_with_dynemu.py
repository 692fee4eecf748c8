#!/usr/bin/env python3
"""Run a command against a freshly started `dynemu --in-memory`.

Usage:
    run_with_dynemu.py --dynemu PATH [--startup-timeout S] [--shutdown-timeout S]
                       [--verbose] [--dynemu-arg=ARG ...] -- CMD ARGS...

Picks a free port on 127.0.0.1, starts dynemu there, polls `GET /` until it
answers 200 (10 s by default), then runs CMD with the environment pointing
every AWS SDK and the AWS CLI at the emulator:

    DYNEMU_ENDPOINT, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB = http://127.0.0.1:PORT
    AWS_ACCESS_KEY_ID=test, AWS_SECRET_ACCESS_KEY=test
    AWS_DEFAULT_REGION=us-east-1, AWS_REGION=us-east-1
    AWS_PAGER="", AWS_CONFIG_FILE=/dev/null, AWS_SHARED_CREDENTIALS_FILE=/dev/null

After CMD exits it checks that the server is still alive (GET /), sends
SIGTERM, and waits for a clean exit (status 0 within 10 s).

Exit status: CMD's status if the server behaved; otherwise nonzero
(the server died during the run, did not stop on SIGTERM in time, or exited
nonzero). The server's stderr is printed when something went wrong.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

EXIT_SERVER_FAILED = 70  # EX_SOFTWARE-ish; used when CMD passed but the server misbehaved


def log(msg):
    print(f"[run_with_dynemu] {msg}", file=sys.stderr, flush=True)


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def health(endpoint, timeout=2.0):
    """Return (status, body) of GET / or (None, error-string)."""
    try:
        with urllib.request.urlopen(endpoint + "/", timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception as e:  # connection refused, reset, timeout
        return None, repr(e)


def dump_server_log(logfile):
    try:
        logfile.flush()
        logfile.seek(0)
        text = logfile.read().decode("utf-8", "replace")
    except Exception as e:
        text = f"<could not read server log: {e!r}>"
    if text.strip():
        tail = text[-20000:]
        log("---- dynemu stderr/stdout (tail) ----")
        sys.stderr.write(tail if tail.endswith("\n") else tail + "\n")
        log("---- end of dynemu output ----")


def main(argv):
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    sep = argv.index("--")
    own, cmd = argv[:sep], argv[sep + 1:]
    p = argparse.ArgumentParser(description="Run CMD against a fresh in-memory dynemu.")
    p.add_argument("--dynemu", required=True, help="path to the dynemu binary")
    p.add_argument("--startup-timeout", type=float, default=10.0)
    p.add_argument("--shutdown-timeout", type=float, default=10.0)
    p.add_argument("--verbose", action="store_true", help="pass --verbose to dynemu")
    p.add_argument("--dynemu-arg", action="append", default=[],
                   help="one more dynemu argument (repeatable; write --dynemu-arg=--option)")
    args = p.parse_args(own)
    if not cmd:
        p.error("no command given after --")

    dynemu = os.path.abspath(args.dynemu)
    if not (os.path.isfile(dynemu) and os.access(dynemu, os.X_OK)):
        log(f"dynemu binary not found or not executable: {dynemu}")
        return 2

    host = "127.0.0.1"
    logfile = tempfile.TemporaryFile()
    server = None
    endpoint = None
    # A port picked by bind(0) can be taken between our close() and dynemu's bind(); retry a few times.
    for attempt in range(3):
        port = free_port(host)
        endpoint = f"http://{host}:{port}"
        server_cmd = [dynemu, "--port", str(port), "--host", host, "--in-memory"]
        if args.verbose:
            server_cmd.append("--verbose")
        server_cmd += args.dynemu_arg
        log(f"starting: {' '.join(server_cmd)}")
        server = subprocess.Popen(server_cmd, stdout=logfile, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + args.startup_timeout
        up = False
        while time.monotonic() < deadline:
            if server.poll() is not None:
                break
            status, _ = health(endpoint, timeout=1.0)
            if status == 200:
                up = True
                break
            time.sleep(0.05)
        if up:
            break
        if server.poll() is None:
            log(f"dynemu did not answer GET / with 200 within {args.startup_timeout:g} s")
            server.kill()
            server.wait()
            dump_server_log(logfile)
            return EXIT_SERVER_FAILED
        log(f"dynemu exited during startup with status {server.returncode} (attempt {attempt + 1})")
        dump_server_log(logfile)
        server = None
    if server is None:
        return EXIT_SERVER_FAILED
    log(f"dynemu is up at {endpoint} (pid {server.pid})")

    env = dict(os.environ)
    env.update({
        "DYNEMU_ENDPOINT": endpoint,
        "DYNEMU_BINARY": dynemu,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    })
    for var in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        env.pop(var, None)

    try:
        cmd_status = subprocess.call(cmd, env=env)
    except FileNotFoundError:
        log(f"command not found: {cmd[0]}")
        cmd_status = 127
    except KeyboardInterrupt:
        cmd_status = 130
    log(f"command exited with status {cmd_status}")

    server_ok = True
    if server.poll() is not None:
        log(f"dynemu DIED during the run (exit status {server.returncode})")
        server_ok = False
    else:
        status, body = health(endpoint, timeout=5.0)
        if status != 200:
            log(f"dynemu is running but GET / failed after the run: {status} {body!r}")
            server_ok = False

    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            rc = server.wait(timeout=args.shutdown_timeout)
            if rc != 0:
                log(f"dynemu exited with status {rc} after SIGTERM (expected 0)")
                server_ok = False
            else:
                log("dynemu stopped cleanly")
        except subprocess.TimeoutExpired:
            log(f"dynemu did not exit within {args.shutdown_timeout:g} s of SIGTERM; killing it")
            server.kill()
            server.wait()
            server_ok = False

    if not server_ok or cmd_status != 0:
        dump_server_log(logfile)
    logfile.close()

    if not server_ok:
        return cmd_status if cmd_status != 0 else EXIT_SERVER_FAILED
    return cmd_status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
