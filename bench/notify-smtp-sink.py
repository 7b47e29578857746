"""A counting SMTP server for bench/notify: accepts every message, remembers each Message-ID once, and writes
its figures (count, unique ids, first and last accept time) to a JSON file when the expected count is reached or
on SIGTERM. Usage: notify-smtp-sink.py PORT EXPECTED OUT.json"""
import asyncio
import json
import re
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Counter:
    def __init__(self, expected, out):
        self.expected = expected
        self.out = out
        self.count = 0
        self.ids = set()
        self.first = None
        self.last = None
        self.done = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        self.count += 1
        self.first = self.first or now
        self.last = now
        found = MESSAGE_ID.search(envelope.content[:4096])
        self.ids.add(found.group(1) if found else b"none-%d" % self.count)
        if len(self.ids) >= self.expected:
            self.done.set()
        return "250 OK"

    def write(self):
        with open(self.out, "w") as f:
            json.dump({"count": self.count, "unique": len(self.ids), "first": self.first, "last": self.last}, f)


def main():
    port, expected, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    counter = Counter(expected, out)
    controller = Controller(counter, hostname="127.0.0.1", port=port, data_size_limit=1_000_000)
    controller.start()
    signal.signal(signal.SIGTERM, lambda *_: counter.done.set())
    print("ready", flush=True)
    while not counter.done.wait(0.2):
        pass
    counter.write()
    controller.stop()


if __name__ == "__main__":
    main()
