"""``mibun serve [--host 127.0.0.1] [--port 8000] [--open] [--lang ko|en]``: the explorer, a local web app
drawing what the library computes (f and f′, tangents, difference quotients, limits, steps, surfaces,
optimizer paths, backprop graphs). Bound to 127.0.0.1 unless told otherwise; Ctrl-C stops it."""

from __future__ import annotations

import sys

from mibun.cli.args import common
from mibun.i18n import resolve_lang, t


def register(sub) -> None:
    p = sub.add_parser("serve", help="open the explorer: a local web app for derivatives, limits, gradients, "
                       "optimizers and backprop")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: only this computer can connect)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--open", action="store_true", help="open the page in the default web browser")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another name the server may be reached by (checked against the Host header); repeatable")
    p.add_argument("--processes", type=int, default=None, metavar="N",
                   help="worker processes that compute (default: the CPU count, 2 to 4; 0: compute in the server "
                        "process, where a runaway request cannot be stopped)")
    p.add_argument("--verbose", action="store_true", help="log every request")
    common(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from mibun.errors import InputError
    from mibun.serve.http import ExplorerServer

    lang = resolve_lang(getattr(args, "lang", None))
    if not 0 <= args.port <= 65535:
        raise InputError("explorer.err.range", name="--port", lo=0, hi=65535, value=args.port)
    try:
        if args.processes is not None and not 0 <= args.processes <= 64:
            raise InputError("explorer.err.range", name="--processes", lo=0, hi=64, value=args.processes)
        server = ExplorerServer(args.host, args.port, lang=lang, allowed_hosts=tuple(args.allow_host),
                                quiet=not args.verbose, processes=args.processes)
    except OSError as exc:
        raise InputError("explorer.err.bind", host=args.host, port=args.port, reason=exc.strerror or str(exc)) \
            from None
    server.warm()
    print(t("explorer.cli.listening", lang, url=server.url), flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(t("explorer.cli.exposed", lang, host=args.host), file=sys.stderr, flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(t("explorer.cli.stopped", lang), flush=True)
    finally:
        server.server_close()
    return 0
