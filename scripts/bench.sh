#!/usr/bin/env bash
# Performance benchmarks of diptych against Hugo and against the pulldown-cmark floor,
# in one run on one machine. See benches/README.md for what is measured and how.
#
#   scripts/bench.sh                      # 1,000, 5,000 and 20,000 declarations (long: see README)
#   scripts/bench.sh --quick              # 1,000 and 5,000 only
#   scripts/bench.sh --sizes "1000" --runs 3 --edits 5
#
# Prints a Markdown table and writes it to benches/results.md. Exit code 0 when every
# measurement ran (a target not met is a result, not a failure), 1 when one could not.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
ARGS="$*"

SIZES="1000 5000 20000"
RUNS=3
EDITS=7
SERVE_SIZE=5000
WORK="${TMPDIR:-/tmp}/diptych-bench"
MEM_CAP_GIB=""
CRITERION=0
STAGES_MAX=1000
KEEP=0
SETTLE=6

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
options:
  --sizes "N …"        corpus sizes in declarations (default "1000 5000 20000")
  --quick              the same as --sizes "1000 5000"
  --runs N             timed runs per measurement, the median is reported (default 3, at least 3)
  --edits N            one-paragraph edits through `serve` (default 7, at least 5)
  --serve-size N       corpus size for the serve edit latency (default 5000)
  --stages-max N       time diptych's stages (examples/corpus.rs --stages) up to this size (default 1000; 0: never)
  --mem-cap-gib G      kill a run whose resident memory passes G GiB (default: 70% of RAM)
  --criterion          also run the criterion micro-benchmarks (cargo bench --bench pipeline)
  --work DIR           scratch folder for corpora and outputs (default $TMPDIR/diptych-bench)
  --keep               keep corpora and outputs in the scratch folder afterwards
  --settle S           before a fresh build, after deleting the last output: sync and wait S seconds
                       (default 6; 0: build at once, as earlier runs did). See benches/README.md.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --quick) SIZES="1000 5000"; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --edits) EDITS="$2"; shift 2 ;;
    --serve-size) SERVE_SIZE="$2"; shift 2 ;;
    --stages-max) STAGES_MAX="$2"; shift 2 ;;
    --mem-cap-gib) MEM_CAP_GIB="$2"; shift 2 ;;
    --criterion) CRITERION=1; shift ;;
    --work) WORK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --settle) SETTLE="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$RUNS" -ge 3 ] || { echo "error: --runs must be at least 3 (the report gives medians)" >&2; exit 2; }
[ "$EDITS" -ge 5 ] || { echo "error: --edits must be at least 5" >&2; exit 2; }

say() { printf '\n== %s\n' "$*" >&2; }

command -v cargo >/dev/null || { echo "error: cargo not found: install Rust from https://rustup.rs" >&2; exit 2; }
command -v python3 >/dev/null || { echo "error: python3 not found (it drives the measurements)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found (peak memory): apt-get install time" >&2; exit 2; }

# Hugo, from Debian. If it cannot be had, the run goes on without the Hugo column, and
# says so loudly here and in the results.
HUGO=""
if command -v hugo >/dev/null; then
  HUGO="$(command -v hugo)"
else
  say "installing Hugo (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ] && $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >&2; then
    HUGO="$(command -v hugo || true)"
  fi
fi
if [ -z "$HUGO" ]; then
  cat >&2 <<'EOF'

  ############################################################################
  #  HUGO IS NOT AVAILABLE: apt-get could not install it.                    #
  #  The benchmark goes on WITHOUT THE HUGO COLUMN and the ratio diptych/Hugo #
  #  is missing from the results.                                            #
  ############################################################################

EOF
fi

say "building diptych and the corpus generator (release)"
cargo build --release --bin diptych --example corpus >&2
# Private copies: a build by someone else during the run must not swap the binary under it.
mkdir -p "$WORK/bin"
cp target/release/diptych target/release/examples/corpus "$WORK/bin/"
export BENCH_ROOT="$ROOT" BENCH_WORK="$WORK" BENCH_SIZES="$SIZES" BENCH_RUNS="$RUNS" BENCH_EDITS="$EDITS" \
  BENCH_SERVE_SIZE="$SERVE_SIZE" BENCH_HUGO="$HUGO" BENCH_MEM_CAP_GIB="$MEM_CAP_GIB" BENCH_CRITERION="$CRITERION" \
  BENCH_STAGES_MAX="$STAGES_MAX" BENCH_KEEP="$KEEP" BENCH_ARGS="$ARGS" BENCH_SETTLE="$SETTLE"

exec python3 - <<'PYTHON'
import os, re, signal, socket, statistics, subprocess, sys, threading, time, queue, shutil, platform, datetime

ROOT = os.environ["BENCH_ROOT"]
WORK = os.environ["BENCH_WORK"]
SIZES = [int(s) for s in os.environ["BENCH_SIZES"].split()]
RUNS = int(os.environ["BENCH_RUNS"])
EDITS = int(os.environ["BENCH_EDITS"])
SERVE_SIZE = int(os.environ["BENCH_SERVE_SIZE"])
HUGO = os.environ["BENCH_HUGO"] or None
CRITERION = os.environ["BENCH_CRITERION"] == "1"
STAGES_MAX = int(os.environ["BENCH_STAGES_MAX"])
KEEP = os.environ["BENCH_KEEP"] == "1"
SETTLE = float(os.environ["BENCH_SETTLE"])
DIPTYCH = os.path.join(WORK, "bin/diptych")
CORPUS = os.path.join(WORK, "bin/corpus")
SEED = 1

def mem_total_kib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    return 0

cap = os.environ["BENCH_MEM_CAP_GIB"]
MEM_CAP_KIB = int(float(cap) * 1024 * 1024) if cap else int(mem_total_kib() * 0.7)

def log(*a):
    print(*a, file=sys.stderr, flush=True)

def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []

def run_once(cmd, before=None):
    """One run under /usr/bin/time: wall (s, perf_counter), user, sys (s), peak RSS (KiB),
    exit code, and whether the memory cap killed it."""
    if before:
        before()
    tf = os.path.join(WORK, "time.out")
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = []
    th = threading.Thread(target=lambda: err.append(p.stderr.read()), daemon=True)
    th.start()
    killed = False
    while p.poll() is None:
        for c in children(p.pid):
            if rss_kib(c) > MEM_CAP_KIB:
                killed = True
                try:
                    os.kill(c, signal.SIGKILL)
                except OSError:
                    pass
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    th.join()
    line = open(tf).read().strip().splitlines()[-1].split()
    _, user, sys_, maxrss = float(line[0]), float(line[1]), float(line[2]), int(line[3])
    return {"wall": wall, "user": user, "sys": sys_, "rss": maxrss, "rc": p.returncode, "killed": killed,
            "stderr": (err[0] if err else b"").decode("utf-8", "replace")}

def measure(name, cmd, before=None, after=None):
    """RUNS runs; the median of wall time and of peak memory. A run killed at the memory
    cap, or failing, ends the series."""
    runs = []
    for i in range(RUNS):
        r = run_once(cmd, before)
        la = loadavg()
        if r["killed"]:
            log(f"  {name}: run {i+1} KILLED after {r['wall']:.1f} s: resident memory passed the cap of {MEM_CAP_KIB/1048576:.1f} GiB")
            runs.append(r)
            break
        if r["rc"] != 0:
            log(f"  {name}: run {i+1} FAILED (exit {r['rc']}):\n{r['stderr'][-3000:]}")
            runs.append(r)
            break
        log(f"  {name}: run {i+1}: {r['wall']:.2f} s wall, {r['user']+r['sys']:.1f} s CPU, {r['rss']/1024:.0f} MiB peak (load {la})")
        runs.append(r)
        if after:
            after(i)
    ok = [r for r in runs if r["rc"] == 0 and not r["killed"]]
    res = {"runs": runs, "ok": len(ok) == RUNS}
    if ok:
        res["wall"] = statistics.median(r["wall"] for r in ok)
        res["cpu"] = statistics.median(r["user"] + r["sys"] for r in ok)
        res["rss"] = statistics.median(r["rss"] for r in ok)
        res["all"] = [r["wall"] for r in ok]
    if runs and runs[-1]["killed"]:
        res["killed"] = runs[-1]["wall"]
    if runs and runs[-1]["rc"] not in (0, None) and not runs[-1]["killed"]:
        res["failed"] = runs[-1]["rc"]
    return res

def du(path):
    if not os.path.exists(path):
        return None
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])

def rmtree(p):
    shutil.rmtree(p, ignore_errors=True)

def settle():
    """Before a timed run: the page cache written back (else a run pays for the writing
    of the one before), and, after a deletion, SETTLE seconds. ext4 without a journal
    (this machine's) does not reuse an inode within 5 s of its deletion (300 s while its
    inode table block is dirty: hence the sync): creating 75,000 files and folders right
    after deleting as many scans past every one of them, which took up to 12 s of system
    time in one fresh build at 5,000 (perf: recently_deleted, find_inode_bit). A fresh
    build into an empty folder on a quiet disk (a CI runner, a new checkout) pays none of
    it; both tools are measured alike."""
    os.sync()
    if SETTLE > 0:
        time.sleep(SETTLE)

def rm_out(p):
    """A diptych output and its spare (the output it replaced, kept for the next build)."""
    rmtree(p)
    rmtree(os.path.join(os.path.dirname(p), ".diptych-spare-" + os.path.basename(p)))

problems = []
results = {}
LOAD_START = loadavg()
# The tree the binary was built from (others may commit during a long run).
rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "themes", "Cargo.toml", "Cargo.lock"], capture_output=True, text=True).stdout.strip()
edits = []
serve_info = {}
target = None
criterion = None

# ---------------------------------------------------------------------------------------
# Full builds, check, Hugo, floor
def run_size(n):
    log(f"\n== {n} declarations")
    site = os.path.join(WORK, f"corpus-{n}")
    hugo_site = os.path.join(WORK, f"hugo-{n}")
    out = os.path.join(WORK, f"out-diptych-{n}")
    hout = os.path.join(WORK, f"out-hugo-{n}")
    for p in (site, hugo_site, out, hout):
        rmtree(p)
    t = time.perf_counter()
    gen = [CORPUS, "--declarations", str(n), "--seed", str(SEED), "--out", site] + (["--hugo-out", hugo_site] if HUGO else [])
    subprocess.run(gen, check=True)
    r = {"gen_s": time.perf_counter() - t, "md_bytes": du(os.path.join(site, "content"))}

    # Fresh: into an empty folder (the previous output deleted just before, untimed).
    build_cmd = [DIPTYCH, "build", "--root", site, "--output", out]
    r["build"] = measure("build", build_cmd, before=lambda: (rm_out(out), settle()))
    if "failed" in r["build"]:
        problems.append(f"`diptych build` fails on the {n} corpus (exit {r['build']['failed']}): the generator and diptych disagree")
    if r["build"]["ok"]:
        r["out_bytes"] = du(out)
        r["search_bytes"] = du(os.path.join(out, "search"))
        r["files"] = int(subprocess.run(f"find '{out}' -type f | wc -l", shell=True, capture_output=True, text=True).stdout)
        # Rebuild: over the existing output, what an editor or a nightly job does. One
        # untimed build first, so the output it replaces is there as the spare.
        run_once(build_cmd, None)
        r["rebuild"] = measure("rebuild", build_cmd, before=os.sync)
    rm_out(out)
    if "killed" in r["build"]:
        # check holds the same rendered site in memory (it runs the whole pipeline but the write).
        log("  check: skipped, the build passed the memory cap and check holds the same pages in memory")
        r["check"] = {"runs": [], "ok": False, "skipped": True}
    else:
        r["check"] = measure("check", [DIPTYCH, "check", "--root", site])
    if HUGO:
        hugo_cmd = [HUGO, "--quiet", "--source", hugo_site, "--destination", hout]
        r["hugo"] = measure("hugo", hugo_cmd, before=lambda: (rmtree(hout), settle()))
        if r["hugo"]["ok"]:
            r["hugo_bytes"] = du(hout)
            # Hugo writes over its existing output.
            r["hugo_rebuild"] = measure("hugo rebuild", hugo_cmd, before=os.sync)
        elif "failed" in r["hugo"]:
            problems.append(f"Hugo failed on the {n} corpus (exit {r['hugo']['failed']})")
        rmtree(hout)
    fl = subprocess.run([CORPUS, "--floor", site, "--repeat", str(RUNS)], capture_output=True, text=True)
    log("  " + fl.stderr.strip())
    m = re.search(r"floor_ms=([0-9.]+)", fl.stdout)
    r["floor_ms"] = float(m.group(1)) if m else None
    if n <= STAGES_MAX:
        st = subprocess.run([CORPUS, "--stages", site], capture_output=True, text=True)
        r["stages"] = st.stdout if st.returncode == 0 else None
        log(st.stdout)
    results[n] = r
    if n != SERVE_SIZE and not KEEP:
        rmtree(hugo_site)
        rmtree(site)


# ---------------------------------------------------------------------------------------
# One-paragraph edits through serve's incremental path
class Events:
    """A tiny server-sent-events client: (time received, event, data) into a queue."""
    def __init__(self, port):
        self.q = queue.Queue()
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.sendall(b"GET /__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        threading.Thread(target=self.read, daemon=True).start()
    def read(self):
        buf = b""
        while True:
            try:
                chunk = self.s.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            buf += chunk
            while b"\n\n" in buf:
                msg, buf = buf.split(b"\n\n", 1)
                ev, data = None, ""
                for line in msg.decode("utf-8", "replace").splitlines():
                    if line.startswith("event:"):
                        ev = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
                if ev:
                    self.q.put((now, ev, data))

def http_get(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        c = s.recv(1 << 20)
        if not c:
            break
        data += c
    s.close()
    return data

def run_serve():
    global serve_info, target, edits
    serve = None
    site = os.path.join(WORK, f"corpus-{SERVE_SIZE}")
    if not os.path.isdir(site):
        log(f"\n== generating the {SERVE_SIZE} corpus for serve")
        subprocess.run([CORPUS, "--declarations", str(SERVE_SIZE), "--seed", str(SEED), "--out", site], check=True)
    log(f"\n== serve: {EDITS} one-paragraph edits at {SERVE_SIZE} declarations")
    decl_dir = os.path.join(site, "content/declarations")
    # The middle declaration among those with numbered paragraphs (the edit changes the
    # first word of one).
    def numbered(name):
        with open(os.path.join(decl_dir, name), encoding="utf-8") as f:
            return any(re.match(r"\d+\. ", l) for l in f)
    names = sorted(f for f in os.listdir(decl_dir) if f.endswith(".nl.md") and numbered(f))
    target = os.path.join(decl_dir, names[len(names) // 2])
    slug = os.path.basename(target)[: -len(".nl.md")]
    original = open(target, encoding="utf-8").read()
    t_start = time.perf_counter()
    p = subprocess.Popen([DIPTYCH, "serve", "--root", site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    lines = queue.Queue()
    def pump(stream, tag):
        for line in stream:
            lines.put((time.perf_counter(), tag, line.rstrip("\n")))
    threading.Thread(target=pump, args=(p.stdout, "out"), daemon=True).start()
    threading.Thread(target=pump, args=(p.stderr, "err"), daemon=True).start()
    port = None
    first_build = None
    deadline = time.time() + 3600
    while port is None and time.time() < deadline and p.poll() is None:
        try:
            t, tag, line = lines.get(timeout=1)
        except queue.Empty:
            if rss_kib(p.pid) > MEM_CAP_KIB:
                p.kill()
                problems.append("serve passed the memory cap during its first build")
            continue
        m = re.search(r"full rebuild in (\d+) ms", line)
        if m:
            first_build = int(m.group(1))
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    # The first build's line (stderr) may come after the address (stdout).
    t_wait = time.time() + 2
    while first_build is None and time.time() < t_wait:
        try:
            t, tag, line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        m = re.search(r"full rebuild in (\d+) ms", line)
        if m:
            first_build = int(m.group(1))
    edits = []
    serve_info = {"first_build_ms": first_build, "startup_s": time.perf_counter() - t_start}
    log(f"  serve ready after {serve_info['startup_s']:.1f} s (first full build {first_build} ms)")
    if port is None:
        problems.append("`diptych serve` did not start")
    else:
        ev = Events(port)
        time.sleep(0.5)
        para_lines = [i for i, l in enumerate(original.split("\n")) if re.match(r"\d+\. ", l)]
        text = original
        for k in range(EDITS):
            time.sleep(0.4)
            while not ev.q.empty():
                ev.q.get()
            while not lines.empty():
                lines.get()
            ls = text.split("\n")
            i = para_lines[k % len(para_lines)]
            marker = f"Bewerkt{k}x"
            ls[i] = re.sub(r"^(\d+\. )(\S+)", lambda m: m.group(1) + marker, ls[i], count=1)
            text = "\n".join(ls)
            t0 = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            got = None
            while True:
                try:
                    t, e, data = ev.q.get(timeout=600)
                except queue.Empty:
                    break
                if e == "reload":
                    got = (t, data)
                    break
                if e == "error-report":
                    problems.append(f"serve reported content errors after edit {k}: {data[:300]}")
                    break
            if not got:
                problems.append(f"no reload event within 600 s after edit {k}")
                break
            t1 = got[0]
            page = http_get(port, f"/nl/declarations/{slug}/index.html")
            t2 = time.perf_counter()
            if marker.encode() not in page:
                problems.append(f"edit {k}: the page served after `reload` does not show the edit")
            server_ms, parsed, rendered = None, None, None
            while True:
                try:
                    t, tag, line = lines.get(timeout=600)
                except queue.Empty:
                    break
                m = re.search(r"rebuil\w* in (\d+) ms[^:]*: (\d+) files? parsed, (\d+) pages? rendered", line)
                if m:
                    server_ms, parsed, rendered = int(m.group(1)), int(m.group(2)), int(m.group(3))
                    break
            edits.append({"reload_ms": (t1 - t0) * 1000, "page_ms": (t2 - t0) * 1000, "server_ms": server_ms,
                          "parsed": parsed, "rendered": rendered, "full": '"full":true' in got[1]})
            log(f"  edit {k+1}: write → reload event {(t1-t0)*1000:.0f} ms, → edited page fetched {(t2-t0)*1000:.0f} ms; "
                f"server: rebuilt in {server_ms} ms, {parsed} parsed, {rendered} rendered{' (FULL rebuild)' if edits[-1]['full'] else ''}")
        serve_info["rss_kib"] = rss_kib(p.pid)
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        serve_info["hwm_kib"] = int(line.split()[1])
        except OSError:
            pass
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    with open(target, "w", encoding="utf-8") as f:
        f.write(original)
    if not KEEP:
        rmtree(site)
        rmtree(os.path.join(WORK, f"hugo-{SERVE_SIZE}"))


# ---------------------------------------------------------------------------------------
# criterion (optional)
def run_criterion():
    global criterion
    criterion = None
    if CRITERION:
        log("\n== criterion micro-benchmarks")
        cb = subprocess.run(["cargo", "bench", "--bench", "pipeline", "--", "--noplot"], cwd=ROOT, capture_output=True, text=True)
        criterion = []
        name = None
        for line in cb.stdout.splitlines():
            m = re.match(r"^(\S.*?)\s+time:\s+\[(.*)\]", line)
            if m:
                criterion.append((m.group(1).strip(), m.group(2)))
                name = None
                continue
            if line.strip() and not line.startswith(" ") and "time:" not in line:
                name = line.strip()
            m = re.match(r"^\s+time:\s+\[(.*)\]", line)
            if m and name:
                criterion.append((name, m.group(1)))
                name = None
        if cb.returncode != 0:
            problems.append("cargo bench failed:\n" + cb.stderr[-2000:])


# ---------------------------------------------------------------------------------------
# Report
def s(x):
    return "–" if x is None else f"{x:.2f} s"
def mib(kib):
    return "–" if kib is None else f"{kib/1024:.0f} MiB"
def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a/b:.1f}×"
def fmt_bytes(b):
    return "–" if b is None else f"{b:,}".replace(",", " ") + f" ({b/1e6:.0f} MB)"
def val(m, key="wall"):
    return m.get(key) if m else None
def cell(m):
    if not m:
        return "–"
    if m.get("skipped"):
        return "skipped (as build)"
    if "killed" in m:
        return f"killed at the {MEM_CAP_KIB/1048576:.1f} GiB memory cap after {m['killed']:.0f} s"
    if "failed" in m:
        return f"failed (exit {m['failed']})"
    return s(m.get("wall"))

def report(final):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    hugo_v = subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.strip() if HUGO else "NOT AVAILABLE"
    rustc_v = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()

    md = []
    md.append("# Benchmark results\n")
    md.append(f"Written by `scripts/bench.sh {os.environ['BENCH_ARGS']}`".rstrip() + f" on {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}. "
              f"diptych {rev}{' (with uncommitted changes in src/ or themes/)' if dirty else ''}; {rustc_v}; Hugo: {hugo_v}. "
              f"Machine: {os.cpu_count()} cores ({cpu}), {mem_total_kib()/1048576:.0f} GiB; load average (1, 5, 15 min) at the start {LOAD_START}, at the end {loadavg()} (anything above 0 is other work sharing the cores). "
              f"Corpus: `examples/corpus.rs --seed {SEED}`, two languages (nl, en). Times are medians of {RUNS} runs (wall clock); "
              f"CPU is user+sys of the same runs; peak memory is `/usr/bin/time` %M (max RSS) of the median run set.\n")
    if not HUGO:
        md.append("\n**HUGO WAS NOT AVAILABLE (apt-get could not install it): the Hugo column and the diptych/Hugo ratio are missing.**\n")
    md.append("\n## Full builds\n")
    md.append("| declarations | Markdown in | diptych build | check | floor | Hugo build | diptych/Hugo | diptych/floor | build CPU | Hugo CPU | CPU diptych/Hugo | peak memory build | peak memory Hugo | output bytes | search index bytes | Hugo output bytes |")
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, r in results.items():
        b, h, c = r["build"], r.get("hugo"), r["check"]
        floor_s = r["floor_ms"] / 1000 if r.get("floor_ms") is not None else None
        cpu_s = "–" if "cpu" not in b else f"{b['cpu']:.1f} s"
        hcpu_s = "n/a" if not HUGO else ("–" if not h or "cpu" not in h else f"{h['cpu']:.1f} s")
        md.append(f"| {n:,} | {fmt_bytes(r['md_bytes'])} | {cell(b)} | {cell(c)} | "
                  f"{'–' if floor_s is None else f'{floor_s*1000:.0f} ms'} | {cell(h) if HUGO else 'n/a'} | {ratio(val(b), val(h))} | {ratio(val(b), floor_s)} | {cpu_s} | {hcpu_s} | {ratio(val(b, 'cpu'), val(h, 'cpu'))} | "
                  f"{mib(val(b, 'rss'))} | {mib(val(h, 'rss')) if HUGO else 'n/a'} | {fmt_bytes(r.get('out_bytes'))} | {fmt_bytes(r.get('search_bytes'))} | {fmt_bytes(r.get('hugo_bytes')) if HUGO else 'n/a'} |")
    md.append("")
    md.append(f"Fresh builds write into an empty folder, the previous output deleted before (untimed), then `sync` and {SETTLE:g} s of wait (`--settle`), for both tools. "
              "Rebuilds write over the existing output: Hugo overwrites its files; diptych writes over the spare it keeps "
              "(the output its previous build replaced; unchanged files are not rewritten) and swaps it in. "
              "Every timed run starts after a `sync`. "
              "On this machine's ext4, creating tens of thousands of files within seconds of deleting as many is slow "
              "(see benches/README.md), which `--settle 0` lets weigh on fresh builds, more on the tool that writes more files.\n")
    md.append("| declarations | diptych rebuild | Hugo rebuild | diptych/Hugo | rebuild CPU | Hugo CPU | peak memory rebuild | peak memory Hugo |")
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, r in results.items():
        b, h = r.get("rebuild"), r.get("hugo_rebuild")
        if not b:
            continue
        md.append(f"| {n:,} | {cell(b)} | {cell(h) if h else 'n/a'} | {ratio(val(b), val(h))} | "
                  f"{'–' if 'cpu' not in b else format(b['cpu'], '.1f') + ' s'} | {'–' if not h or 'cpu' not in h else format(h['cpu'], '.1f') + ' s'} | "
                  f"{mib(val(b, 'rss'))} | {mib(val(h, 'rss')) if h else 'n/a'} |")
    md.append("")
    md.append("All runs (wall seconds):\n")
    for n, r in results.items():
        for k in ("build", "rebuild", "check", "hugo", "hugo_rebuild"):
            if k in r and r[k].get("skipped"):
                md.append(f"- {n:,} {k}: skipped (the build passed the memory cap)")
            elif k in r:
                md.append(f"- {n:,} {k}: " + ", ".join(f"{x['wall']:.2f}{' (killed)' if x['killed'] else ''}{' (failed)' if x['rc'] not in (0,) and not x['killed'] else ''}" for x in r[k]["runs"])
                          + (f"; check peak memory {mib(val(r[k], 'rss'))}" if k == "check" else ""))
    md.append("\n## One-paragraph edit through `serve` (incremental path)\n")
    if edits:
        med = lambda k: statistics.median(e[k] for e in edits if e[k] is not None) if any(e[k] is not None for e in edits) else None
        md.append(f"Corpus of {SERVE_SIZE:,} declarations; {len(edits)} edits of one paragraph in `{os.path.basename(target)}`. "
                  f"Time from the file write to the `reload` event on `/__diptych/events` (what tells the browser), and to the edited page fetched over HTTP (what the browser then shows).\n")
        md.append("| measure | median | runs |\n| --- | ---: | --- |")
        md.append(f"| write → `reload` event | {med('reload_ms'):.0f} ms | " + ", ".join(f"{e['reload_ms']:.0f}" for e in edits) + " |")
        md.append(f"| write → edited page fetched | {med('page_ms'):.0f} ms | " + ", ".join(f"{e['page_ms']:.0f}" for e in edits) + " |")
        sm = med("server_ms")
        md.append(f"| serve's own `rebuilt in` (after the watcher's 5 ms of quiet) | {'–' if sm is None else f'{sm:.0f} ms'} | " + ", ".join(str(e["server_ms"]) for e in edits) + " |")
        md.append(f"\nPages rendered per edit: {', '.join(str(e['rendered']) for e in edits)}; files parsed: {', '.join(str(e['parsed']) for e in edits)}."
                  f" serve's first (full) build: {serve_info.get('first_build_ms')} ms; its resident memory after the edits: {mib(serve_info.get('rss_kib'))} (peak {mib(serve_info.get('hwm_kib'))}).")
    else:
        md.append(("**Not measured:** " + "; ".join(problems)) if final else "(not measured yet)")

    md.append("\n## Targets\n")
    md.append("| target | measured | met? |\n| --- | --- | --- |")
    def verdict(ok):
        return "–" if ok is None else ("yes" if ok else "**no**")
    r5 = results.get(5000)
    r20 = results.get(20000)
    if r5:
        b5 = val(r5["build"])
        h5 = val(r5.get("hugo"))
        f5 = r5["floor_ms"] / 1000 if r5.get("floor_ms") else None
        md.append(f"| build at 5,000 ≤ ½ Hugo's time (fresh) | {s(b5)} vs Hugo {s(h5)} ({ratio(b5, h5)}) | {verdict(None if b5 is None or h5 is None else b5 <= h5 / 2)} |")
        rb5, rh5 = val(r5.get("rebuild")), val(r5.get("hugo_rebuild"))
        md.append(f"| build at 5,000 ≤ ½ Hugo's time (rebuild) | {s(rb5)} vs Hugo {s(rh5)} ({ratio(rb5, rh5)}) | {verdict(None if rb5 is None or rh5 is None else rb5 <= rh5 / 2)} |")
        md.append(f"| build at 5,000 ≤ 10× the floor | {s(b5)} vs floor {s(f5)} ({ratio(b5, f5)}) | {verdict(None if b5 is None or f5 is None else b5 <= 10 * f5)} |")
        rss5 = val(r5["build"], "rss")
        md.append(f"| peak memory at 5,000 < 512 MiB | {mib(rss5)} | {verdict(None if rss5 is None else rss5 < 512 * 1024)} |")
        rrss5 = val(r5["rebuild"], "rss") if r5.get("rebuild") else None
        if rrss5 is not None:
            md.append(f"| peak memory at 5,000 < 512 MiB (rebuild) | {mib(rrss5)} | {verdict(rrss5 < 512 * 1024)} |")
    if r5 and r20:
        b20 = val(r20["build"])
        b5 = val(r5["build"])
        killed = "killed" in r20["build"]
        md.append(f"| build at 20,000 ≤ 4.5× build at 5,000 | {cell(r20['build'])} vs {s(b5)} ({ratio(b20, b5)}) | {verdict(False if killed else (None if b20 is None or b5 is None else b20 <= 4.5 * b5))} |")
        if r5.get("rebuild") and r20.get("rebuild"):
            rb20, rb5 = val(r20["rebuild"]), val(r5["rebuild"])
            md.append(f"| build at 20,000 ≤ 4.5× build at 5,000 (rebuild) | {s(rb20)} vs {s(rb5)} ({ratio(rb20, rb5)}) | {verdict(None if rb20 is None or rb5 is None else rb20 <= 4.5 * rb5)} |")
        rss20 = None if killed else val(r20["build"], "rss")
        md.append(f"| peak memory at 20,000 < 2 GiB | {mib(rss20) if rss20 is not None else cell(r20['build'])} | {verdict(False if killed else (None if rss20 is None else rss20 < 2 * 1024 * 1024))} |")
        rrss20 = val(r20["rebuild"], "rss") if r20.get("rebuild") and "killed" not in r20["rebuild"] else None
        if rrss20 is not None:
            md.append(f"| peak memory at 20,000 < 2 GiB (rebuild) | {mib(rrss20)} | {verdict(rrss20 < 2 * 1024 * 1024)} |")
    if edits:
        md.append(f"| one-paragraph edit reaches the browser ≤ 50 ms at {SERVE_SIZE:,} | {statistics.median(e['reload_ms'] for e in edits):.0f} ms to `reload` | {verdict(statistics.median(e['reload_ms'] for e in edits) <= 50)} |")

    stages = [(n, r["stages"]) for n, r in results.items() if r.get("stages")]
    if stages:
        md.append("\n## Where diptych's time goes\n")
        md.append("`examples/corpus.rs --stages DIR` runs the pipeline stage by stage through the library (what `compile` does, without writing), one kind of page at a time. `check` runs load, parse and link and renders one page of each template (to try the theme); `check --links` renders everything.\n")
        for n, t in stages:
            md.append(f"{n:,} declarations:\n\n{t.strip()}\n")
    if criterion is not None:
        md.append("\n## criterion micro-benchmarks (`cargo bench --bench pipeline`)\n")
        md.append("| benchmark | time [low median high] |\n| --- | --- |")
        for name, tm in criterion:
            md.append(f"| {name} | {tm} |")
    if problems:
        md.append("\n## Problems\n")
        md.extend(f"- {p}" for p in problems)

    text = "\n".join(md) + "\n"
    with open(os.path.join(ROOT, "benches/results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    if final:
        print(text)
        log("written to benches/results.md")
    else:
        log("(partial results written to benches/results.md)")


for n in SIZES:
    run_size(n)
    report(False)
    if n == SERVE_SIZE:
        run_serve()
        report(False)
if SERVE_SIZE not in SIZES:
    run_serve()
if CRITERION:
    run_criterion()
report(True)
if not KEEP:
    rmtree(os.path.join(WORK, "bin"))
    try:
        os.rmdir(WORK)
    except OSError:
        pass
sys.exit(1 if problems else 0)
PYTHON
