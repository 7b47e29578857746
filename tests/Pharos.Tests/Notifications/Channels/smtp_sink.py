"""A real SMTP server for Pharos's email channel tests (Debian's python3-aiosmtpd).

Prints one JSON line per event on stdout: {"event": "ready"}, then "refused" for each command answered with --code
while --fail-first lasts, and "message" for each accepted message with its Message-ID. Runs until stdin closes.
"""
import argparse
import json
import sys
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--fail-first", type=int, default=0, help="answer --code to this many commands at --stage")
parser.add_argument("--code", default="451 4.3.0 Try again later")
parser.add_argument("--stage", choices=["data", "rcpt"], default="data")
parser.add_argument("--raw", action="store_true", help="include each message's full text")
args = parser.parse_args()

failures = 0


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        global failures
        if args.stage == "rcpt" and failures < args.fail_first:
            failures += 1
            out({"event": "refused", "stage": "rcpt", "rcpt": address})
            return args.code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global failures
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        message_id = str(msg.get("Message-ID", ""))
        if args.stage == "data" and failures < args.fail_first:
            failures += 1
            out({"event": "refused", "stage": "data", "message_id": message_id})
            return args.code
        event = {
            "event": "message",
            "message_id": message_id,
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "peer": "%s:%s" % (session.peer[0], session.peer[1]),
        }
        if args.raw:
            event["raw"] = (envelope.original_content or envelope.content).decode("utf-8", "replace")
        out(event)
        return "250 OK"


controller = Controller(Handler(), hostname="127.0.0.1", port=args.port)
controller.start()
out({"event": "ready", "port": args.port})
try:
    sys.stdin.read()
finally:
    controller.stop()
