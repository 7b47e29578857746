# Sourced by bench scripts: a fast local HTTP target, one nginx worker answering 200 "ok" on 127.0.0.2-5:18080.
# start_nginx_fleet WORK  starts it in WORK (its config, pid, logs and temp files) and sets nginx_pid.
start_nginx_fleet() {
  local work=$1 nginx
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "$(basename "$0"): nginx is needed (apt-get install nginx)" >&2
    return 1
  fi
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$work/logs" "$work/tmp"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.2:18080; listen 127.0.0.3:18080; listen 127.0.0.4:18080; listen 127.0.0.5:18080;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  "$nginx" -c "$work/nginx.conf" -p "$work" -g 'daemon off;' &
  nginx_pid=$!
  sleep 0.5
}

# The targets start_nginx_fleet serves, comma-separated.
nginx_fleet_targets=127.0.0.2:18080,127.0.0.3:18080,127.0.0.4:18080,127.0.0.5:18080
