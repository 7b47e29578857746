# Sourced by bench scripts: pharos against nginx with wrk, the same way for both (threads, connections, headers,
# warm-up, duration), alternating pharos and nginx for BENCH_ROUNDS rounds so that a burst of other work on the shared
# machine does not land on one side only, and taking the median of the rounds.
# wrk_once NAME URL ROUND       one warmed-up run; prints requests/s, keeps the wrk output in $work/NAME-ROUND.txt
# wrk_compare PHAROS_URL NGINX_URL LABEL
#                               BENCH_ROUNDS rounds; prints each round, the medians, p99s and `ratio pharos/nginx: N.NN`
# Needs: $work, $seconds, $connections; wrk_headers (an array of -H arguments) optional.
# cpu_pids_pharos / cpu_pids_nginx (optional): the processes whose CPU time is each side's (their children, nginx's
# workers, count too). Each round then also gives the CPU time per request, read from /proc around the measured run:
# steadier than requests/s on a shared machine, since it does not depend on how much CPU the side was given.
cpu_ticks() {
  local t=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q"; done); do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$t"
}

wrk_once() {
  local name=$1 url=$2 round=$3 pids_var="cpu_pids_$1" before="" after requests
  wrk -t2 -c"$connections" -d"${warmup:-5}s" "${wrk_headers[@]}" "$url" >/dev/null 2>&1 || true
  [ -n "${!pids_var:-}" ] && before=$(cpu_ticks ${!pids_var})
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "${wrk_headers[@]}" "$url" > "$work/$name-$round.txt"
  if [ -n "$before" ]; then
    after=$(cpu_ticks ${!pids_var}); requests=$(awk '/requests in/ { print $1 }' "$work/$name-$round.txt")
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f\n", t / hz * 1e6 / n }' > "$work/$name-$round.cpu"
  fi
  if grep -q "Non-2xx or 3xx" "$work/$name-$round.txt" && [ "${wrk_expect_errors:-0}" != 1 ]; then
    echo "$name: wrk saw error responses:" >&2; cat "$work/$name-$round.txt" >&2
  fi
  awk '/Requests\/sec/ {print $2}' "$work/$name-$round.txt"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# The p99 of the round whose requests/s is the median one.
p99_of_median() {
  local name=$1 rps=$2 r
  for r in $(seq 1 "$rounds"); do
    if [ "$(awk '/Requests\/sec/ {print $2}' "$work/$name-$r.txt")" = "$rps" ]; then awk '$1=="99%" {print $2}' "$work/$name-$r.txt"; return; fi
  done
}

wrk_compare() {
  local pharos_url=$1 nginx_url=$2 label=$3 r p n
  rounds=${BENCH_ROUNDS:-3}
  # A long first warm-up for both: .NET's tiered JIT (with dynamic PGO) needs tens of seconds of traffic on this busy
  # 2-core machine before the hot path runs fully optimized; a 5-s warm-up left the first round visibly lower.
  wrk -t2 -c"$connections" -d"${BENCH_WARMUP_FIRST:-20}s" "${wrk_headers[@]}" "$pharos_url" >/dev/null 2>&1 || true
  wrk -t2 -c"$connections" -d"${BENCH_WARMUP_FIRST:-20}s" "${wrk_headers[@]}" "$nginx_url" >/dev/null 2>&1 || true
  : > "$work/pharos.rps"; : > "$work/nginx.rps"; rm -f "$work/pharos.cpu" "$work/nginx.cpu"
  for r in $(seq 1 "$rounds"); do
    p=$(wrk_once pharos "$pharos_url" "$r"); n=$(wrk_once nginx "$nginx_url" "$r")
    echo "$p" >> "$work/pharos.rps"; echo "$n" >> "$work/nginx.rps"
    awk -v r="$r" -v p="$p" -v n="$n" 'BEGIN { printf "round %d: pharos %.0f requests/s, nginx %.0f requests/s, ratio %.2f", r, p, n, p / n }'
    if [ -f "$work/pharos-$r.cpu" ] && [ -f "$work/nginx-$r.cpu" ]; then
      cat "$work/pharos-$r.cpu" >> "$work/pharos.cpu"; cat "$work/nginx-$r.cpu" >> "$work/nginx.cpu"
      printf "; CPU per request: pharos %s µs, nginx %s µs" "$(cat "$work/pharos-$r.cpu")" "$(cat "$work/nginx-$r.cpu")"
    fi
    echo
  done
  pharos_rps=$(median < "$work/pharos.rps"); nginx_rps=$(median < "$work/nginx.rps")
  echo "pharos $label: $pharos_rps requests/s (median of $rounds), p99 $(p99_of_median pharos "$pharos_rps")"
  echo "nginx $label: $nginx_rps requests/s (median of $rounds), p99 $(p99_of_median nginx "$nginx_rps")"
  echo "($connections connections, wrk -t2, ${seconds}s per run after a ${warmup:-5}-s warm-up each and ${BENCH_WARMUP_FIRST:-20} s for each first, rounds alternating pharos and nginx)"
  if [ -s "$work/pharos.cpu" ]; then
    local pc nc
    pc=$(median < "$work/pharos.cpu"); nc=$(median < "$work/nginx.cpu")
    echo "CPU per request (median of $rounds): pharos $pc µs, nginx $nc µs"
    awk -v p="$pc" -v n="$nc" 'BEGIN { printf "CPU per request ratio nginx/pharos: %.2f\n", n / p }'
  fi
  awk -v p="$pharos_rps" -v n="$nginx_rps" 'BEGIN { printf "ratio pharos/nginx: %.2f\n", p / n }'
}
