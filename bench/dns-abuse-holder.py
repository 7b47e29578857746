#!/usr/bin/env python3
"""Abusive TCP clients for bench/dns-abuse: holds COUNT connections to a DNS server on loopback and never reads.

Each connection comes from one of SOURCES loopback addresses (127.1.x.y), so that the per-client cap alone does not
stop them. Most send one query and then sit; one in BULK_EVERY sends 3,000 pipelined questions with 2 KB answers and a
4 KB receive buffer, so the server's writes stall. Nothing is ever read. With --reopen-per-second, connections the
server closed are opened again (at most that many per second), keeping the pressure on. Connection state is read from
the kernel (TCP_INFO), so closing by the server is seen without reading. Stops by itself after --seconds.
"""
import argparse
import selectors
import socket
import struct
import sys
import time

TCP_INFO = 11
ESTABLISHED, SYN_SENT, CLOSE, CLOSE_WAIT = 1, 2, 7, 8


def framed_query(name, qtype, qid):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    message = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + labels + struct.pack(">HH", qtype, 1)
    return struct.pack(">H", len(message)) + message


class Conn:
    __slots__ = ("sock", "index", "bulk", "sent", "opened", "initial")

    def __init__(self, index, bulk, initial):
        self.index, self.bulk, self.sent, self.initial = index, bulk, False, initial
        self.opened = time.monotonic()
        self.sock = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--sources", type=int, default=250)
    ap.add_argument("--bulk-every", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=25)
    ap.add_argument("--reopen-per-second", type=float, default=0)
    ap.add_argument("--ready-file", default="")
    args = ap.parse_args()

    server = ("127.0.0.1", args.port)
    small = framed_query("www.example.test", 1, 1)
    bulk = b"".join(framed_query("big.example.test", 16, i) for i in range(3000))

    def source(i):
        n = i % args.sources
        return "127.1.%d.%d" % (n // 250, n % 250 + 1)

    connecting = selectors.DefaultSelector()  # sockets whose connect has not completed; they send as soon as it has

    def open_conn(c):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        if c.bulk:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.bind((source(c.index), 0))
        s.connect_ex(server)
        c.sock, c.sent, c.opened = s, False, time.monotonic()
        connecting.register(s, selectors.EVENT_WRITE, c)

    def send_connected(timeout):
        for key, _ in connecting.select(timeout):
            c = key.data
            connecting.unregister(key.fileobj)
            if c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    c.sock.send(bulk if c.bulk else small)
                except OSError:
                    pass
            c.sent = True

    start = time.monotonic()
    conns = []
    for i in range(args.count):
        c = Conn(i, args.bulk_every > 0 and i % args.bulk_every == 0, True)
        open_conn(c)
        conns.append(c)
        if i % 100 == 99:
            send_connected(0)
    opened_total, closed_total, initial_closed, last_initial_close = args.count, 0, 0, None
    ready_written, next_report, reopen_budget, last_sweep = False, start + 1, 0.0, start

    while True:
        now = time.monotonic()
        if now - start >= args.seconds:
            break
        reopen_budget = min(reopen_budget + (now - last_sweep) * args.reopen_per_second, args.reopen_per_second)
        last_sweep = now
        held = syn = 0
        for c in conns:
            if c.sock is None:
                if reopen_budget >= 1:
                    reopen_budget -= 1
                    c.initial = False
                    open_conn(c)
                    opened_total += 1
                continue
            try:
                state = c.sock.getsockopt(socket.IPPROTO_TCP, TCP_INFO, 8)[0]
            except OSError:
                state = CLOSE
            if state == ESTABLISHED:
                held += 1
            elif state == SYN_SENT:
                syn += 1
            elif state in (CLOSE, CLOSE_WAIT) or state > 8:
                closed_total += 1
                if c.initial:
                    initial_closed += 1
                    last_initial_close = now - start
                if not c.sent:
                    connecting.unregister(c.sock)
                c.sock.close()
                c.sock = None
        if not ready_written and args.ready_file and (syn == 0 or now - start > 3):
            open(args.ready_file, "w").write("ready\n")
            ready_written = True
        if now >= next_report:
            print("t=%5.1fs held %5d  connecting %5d  closed by server so far %6d  opened %6d" % (now - start, held, syn, closed_total, opened_total), flush=True)
            next_report += 1
        # Send on connections as they complete; sweep the states four times a second.
        deadline = time.monotonic() + 0.25
        while (left := deadline - time.monotonic()) > 0:
            send_connected(left)
            if not connecting.get_map():
                time.sleep(max(0, deadline - time.monotonic()))

    held = sum(1 for c in conns if c.sock is not None)
    print("summary: opened %d connections, the server closed %d; of the first %d, %d closed by the server%s; %d still open at the end"
          % (opened_total, closed_total, args.count, initial_closed,
             "" if last_initial_close is None else " (the last after %.1f s)" % last_initial_close, held), flush=True)
    for c in conns:
        if c.sock is not None:
            c.sock.close()


if __name__ == "__main__":
    sys.exit(main())
