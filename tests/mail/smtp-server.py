#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd).

serve: runs until killed; writes the port to --port-file when it listens,
and each message it accepts to --dir as NNNN.eml (the data) and NNNN.json
(envelope).  Options play the servers officers meet: STARTTLS (a
self-signed certificate made in --dir, ca.pem to trust), AUTH, answers
550/451 to a recipient, 421/451 to the first messages, a connection
dropped in the middle of the first messages (--drop-first), a kill of the
sender (its pid in a file) right after the Nth message is stored.

check FILE: prints what a mail program would see in a received message,
as JSON: the envelope, decoded headers, the text, the attachments, and
the events of an attached .ics as python3-icalendar reads them.
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.seen_rcpt = {}
        self.data_calls = 0
        self.lock = threading.Lock()
        self.rcpt_answers = {}
        for spec in args.rcpt_answer or []:
            addr, code = spec.split("=", 1)
            self.rcpt_answers[addr.lower()] = code

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rcpt_answers.get(address.lower())
        n = self.seen_rcpt.get(address.lower(), 0)
        self.seen_rcpt[address.lower()] = n + 1
        if code == "550":
            return "550 5.1.1 <%s>: no such mailbox here" % address
        if code == "451" and n == 0:
            return "451 4.7.1 <%s>: greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_calls += 1
            call = self.data_calls
        if self.args.delay_ms:
            await asyncio.sleep(self.args.delay_ms / 1000.0)
        if call <= self.args.drop_first:
            # The line goes dead in the middle of the message: no answer, the
            # message not stored, the connection gone.
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        if call <= self.args.fail_first:
            return "%s 4.3.0 The server is busy, try again later" % self.args.fail_code
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.args.dir, "%04d" % n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        if self.args.kill_after and n == self.args.kill_after and self.args.kill_pid_file:
            with open(self.args.kill_pid_file) as f:
                os.kill(int(f.read().strip()), signal.SIGKILL)
        return "250 2.0.0 Message accepted"


def make_cert(directory):
    key = os.path.join(directory, "key.pem")
    cert = os.path.join(directory, "ca.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", key, "-out", cert,
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def die_with_parent():
    # The test that started this server may abort: never outlive it.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def serve(args):
    die_with_parent()
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    os.makedirs(args.dir, exist_ok=True)
    kwargs = {}
    if args.starttls:
        cert, key = make_cert(args.dir)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = True
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data is not None and auth_data.login == user.encode()
                  and auth_data.password == password.encode())
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.starttls)

    port = free_port()
    controller = Controller(Handler(args), hostname="127.0.0.1", port=port,
                            server_hostname="localhost", **kwargs)
    controller.start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    envelope = {}
    if os.path.exists(path[:-4] + ".json"):
        with open(path[:-4] + ".json") as f:
            envelope = json.load(f)
    out = {
        "rcpt_tos": envelope.get("rcpt_tos", []),
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
        "subject": str(msg["Subject"]),
        "message_id": str(msg["Message-ID"]),
        "date_ok": msg["Date"] is not None and msg["Date"].datetime is not None,
        "list_unsubscribe": str(msg["List-Unsubscribe"]) if msg["List-Unsubscribe"] else None,
        "defects": [str(d) for part in msg.walk() for d in part.defects],
        "crlf": b"\n" not in raw.replace(b"\r\n", b""),
        "text": None,
        "html": None,
        "attachments": [],
    }
    body = msg.get_body(preferencelist=("plain",))
    if body is not None:
        out["text"] = body.get_content()
    html = msg.get_body(preferencelist=("html",))
    if html is not None:
        out["html"] = html.get_content()
    for part in msg.iter_attachments():
        item = {"filename": part.get_filename(), "type": part.get_content_type()}
        if part.get_content_type() == "text/calendar":
            import icalendar
            cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            item["events"] = [{"summary": str(e.get("summary")), "uid": str(e.get("uid")),
                               "dtstart": e.decoded("dtstart").isoformat()}
                              for e in cal.walk("VEVENT")]
        out["attachments"].append(item)
    json.dump(out, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--dir", required=True)
    s.add_argument("--port-file", required=True)
    s.add_argument("--starttls", action="store_true")
    s.add_argument("--auth", help="USER:PASSWORD")
    s.add_argument("--rcpt-answer", action="append",
                   help="ADDRESS=550 (always) or ADDRESS=451 (the first time)")
    s.add_argument("--fail-first", type=int, default=0,
                   help="answer the first N messages with --fail-code")
    s.add_argument("--fail-code", default="451")
    s.add_argument("--drop-first", type=int, default=0,
                   help="drop the connection during the first N messages")
    s.add_argument("--delay-ms", type=int, default=0)
    s.add_argument("--kill-pid-file")
    s.add_argument("--kill-after", type=int, default=0)
    c = sub.add_parser("check")
    c.add_argument("file")
    args = parser.parse_args()
    if args.mode == "serve":
        serve(args)
    else:
        check(args.file)


if __name__ == "__main__":
    main()
