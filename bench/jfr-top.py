#!/usr/bin/env python3
"""Summarises JFR recordings of benchmark nodes: where the CPU samples and the sampled allocations went.

Usage: bench/jfr-top.py [--top N] [--threads REGEX] [--depth D] recording.jfr [...]

Prints, over every jdk.ExecutionSample of the recordings (threads whose name matches --threads only, if given):
  - samples by thread group (thread name with its digits dropped),
  - the top N methods by self samples (the frame on top of the stack),
  - the share of samples whose stack passes through each of a few markers of the node's gRPC path
    (interceptors, Any packing, the actor runtime, Ignite messaging, Netty I/O, logging and metrics),
  - the top N allocation sites by sampled weight (jdk.ObjectAllocationSample; first frame outside java.*/jdk.*).
Needs `jfr` (from the JDK) on the PATH. See docs/benchmarks.md, "Profiling the nodes".
"""
import argparse
import collections
import re
import subprocess
import sys

MARKERS = [
    ("gRPC server (io.grpc.internal.ServerImpl)", "io.grpc.internal.ServerImpl"),
    ("Botgrid interceptors (io.botgrid.grpc.internal.*Interceptor, Limiter, Cap, Barrier)",
     re.compile(r"io\.botgrid\.grpc\.internal\.(\w*Interceptor|InFlightLimiter|DeadlineCap|FailureBarrier)")),
    ("StrictRequests (request parsing)", "io.botgrid.grpc.internal.StrictRequests"),
    ("ActorServiceImpl", "io.botgrid.grpc.internal.ActorServiceImpl"),
    ("actor runtime (io.botgrid.actor.internal)", "io.botgrid.actor.internal."),
    ("Ignite messaging (GridIoManager)", "org.apache.ignite.internal.managers.communication.GridIoManager"),
    ("Ignite NIO (GridNioServer)", "org.apache.ignite.internal.util.nio.GridNioServer"),
    ("Netty event loop", re.compile(r"io\.grpc\.netty\.shaded\.io\.netty\.channel\.(nio\.NioEventLoop|SingleThreadIoEventLoop)\.run")),
    ("Netty HTTP/2 codec", "io.grpc.netty.shaded.io.netty.handler.codec.http2"),
    ("protobuf", "com.google.protobuf."),
    ("logging (slf4j/logback/MDC)", re.compile(r"^(org\.slf4j|ch\.qos\.logback)")),
    ("Prometheus metrics", "io.prometheus."),
    ("OpenTelemetry", "io.opentelemetry."),
    ("ThreadPoolExecutor / CompletableFuture hand-offs",
     re.compile(r"java\.util\.concurrent\.(ThreadPoolExecutor\.execute|LinkedBlockingQueue\.(offer|take|poll)"
                r"|CompletableFuture\$UniCompletion\.claim|locks\.LockSupport\.unpark)")),
    ("JFR itself", "jdk.jfr."),
]


def matches(marker, frame):
    return marker.search(frame) if isinstance(marker, re.Pattern) else frame.startswith(marker)


def events(path, kinds, depth):
    """Yields (type, thread, frames, weight) per event, parsing `jfr print` text as it streams."""
    cmd = ["jfr", "print", "--stack-depth", str(depth), "--events", ",".join(kinds), path]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    kind = thread = None
    frames, weight, in_stack = [], 0, False
    for line in proc.stdout:
        s = line.strip()
        if s.endswith("{") and not s.startswith(("stackTrace", "sampledThread", "eventThread")) and "=" not in s:
            kind, thread, frames, weight, in_stack = s[:-1].strip(), None, [], 0, False
        elif s.startswith(("sampledThread = ", "eventThread = ")):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else s
        elif s.startswith("weight = "):
            weight = parse_size(s[len("weight = "):])
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
        elif in_stack and s and s != "...":
            frames.append(s.split("  line:")[0].strip())
        elif s == "}" and kind and not in_stack:
            yield kind, thread or "?", frames, weight
            kind = None
    proc.wait()


def parse_size(text):
    m = re.match(r"([\d.,]+)\s*(bytes|kB|MB|GB)?", text.strip())
    if not m:
        return 0
    n = float(m.group(1).replace(",", ""))
    return int(n * {"kB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}.get(m.group(2), 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--threads", help="only threads whose name matches this regular expression")
    ap.add_argument("--depth", type=int, default=48)
    ap.add_argument("--stacks", help="also print the commonest stacks (top --stack-frames frames) of the samples "
                                     "and allocations whose stack has a frame matching this regular expression")
    ap.add_argument("--stack-frames", type=int, default=12)
    a = ap.parse_args()
    only = re.compile(a.threads) if a.threads else None
    total = 0
    groups, selfs, marked = collections.Counter(), collections.Counter(), collections.Counter()
    alloc_total, allocs = 0, collections.Counter()
    wanted = re.compile(a.stacks) if a.stacks else None
    stacks, alloc_stacks = collections.Counter(), collections.Counter()
    for f in a.files:
        for kind, thread, frames, weight in events(f, ["jdk.ExecutionSample", "jdk.ObjectAllocationSample"],
                                                   a.depth):
            if only and not only.search(thread):
                continue
            if kind == "jdk.ObjectAllocationSample":
                alloc_total += weight
                site = next((fr for fr in frames if not fr.startswith(("java.", "jdk.", "sun."))),
                            frames[0] if frames else "?")
                allocs[re.sub(r"\(.*", "", site)] += weight
                if wanted and any(wanted.search(fr) for fr in frames):
                    alloc_stacks[tuple(frames[:a.stack_frames])] += weight
                continue
            total += 1
            groups[re.sub(r"\d+", "#", thread)] += 1
            if frames:
                selfs[re.sub(r"\(.*", "", frames[0])] += 1
            for label, marker in MARKERS:
                if any(matches(marker, fr) for fr in frames):
                    marked[label] += 1
            if wanted and any(wanted.search(fr) for fr in frames):
                stacks[tuple(frames[:a.stack_frames])] += 1
    if total == 0:
        print("no execution samples", file=sys.stderr)
        return 1
    pct = lambda n, of: f"{100.0 * n / of:5.1f} %"
    print(f"execution samples: {total}")
    print("\nby thread group:")
    for g, n in groups.most_common(a.top):
        print(f"  {pct(n, total)}  {n:7d}  {g}")
    print(f"\ntop {a.top} methods by self samples:")
    for m, n in selfs.most_common(a.top):
        print(f"  {pct(n, total)}  {n:7d}  {m}")
    print("\nsamples whose stack passes through (inclusive; a sample can count in several lines):")
    for label, _ in MARKERS:
        print(f"  {pct(marked[label], total)}  {marked[label]:7d}  {label}")
    if alloc_total:
        print(f"\nallocation (sampled weight {alloc_total / (1 << 20):.0f} MiB), top {a.top} sites outside the JDK:")
        for m, n in allocs.most_common(a.top):
            print(f"  {pct(n, alloc_total)}  {n / (1 << 20):8.1f} MiB  {m}")
    if wanted:
        print(f"\nstacks through /{a.stacks}/: {sum(stacks.values())} samples")
        for st, n in stacks.most_common(a.top):
            print(f"  {pct(n, total)}  {n:7d}\n      " + "\n      ".join(st))
        for st, n in alloc_stacks.most_common(a.top // 2):
            print(f"  alloc {pct(n, alloc_total)}  {n / (1 << 20):8.1f} MiB\n      " + "\n      ".join(st))
    return 0


if __name__ == "__main__":
    sys.exit(main())
