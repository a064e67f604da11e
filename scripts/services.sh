#!/usr/bin/env bash
# Best effort: start the local PostgreSQL and MariaDB the tests use when they are installed but not running.
# Tests that need a server that still does not answer are skipped with the reason printed.
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
my_up() { (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
    ver=$(ls /etc/postgresql 2>/dev/null | head -1)
    [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
fi
if ! my_up && [ -x /usr/sbin/mariadbd ]; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 2>/dev/null || true
    for _ in $(seq 1 20); do my_up && break; sleep 0.5; done
fi
pg_up && echo "[services] PostgreSQL on 127.0.0.1:5432" || echo "[services] PostgreSQL not available: its tests will skip"
my_up && echo "[services] MariaDB on 127.0.0.1:3306" || echo "[services] MariaDB not available: its tests will skip"
