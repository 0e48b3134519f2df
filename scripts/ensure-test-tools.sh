#!/usr/bin/env bash
# Makes sure the system programs the tests use are here (run by `npm test` via pretest, and by
# .ci/run): the one list of them. Missing ones are installed with apt-get when running as
# root; otherwise this prints the one command to run and exits 1.
# Adding a tool: one line below, "command-or-absolute-path debian-package".
set -euo pipefail

tools=(
  "/usr/sbin/sshd openssh-server"       # real OpenSSH server (SSH adapter tests)
  "ssh-keygen openssh-client"           # host and client keys for those servers
  "prometheus prometheus"               # the Prometheus telemetry source; its promtool is the text-format oracle
  "/usr/bin/chromium chromium"          # UI tests and benchmarks (playwright-core drives it)
  "Xvfb xvfb"                           # a display for headed browser runs
  "ansible-inventory ansible-core"      # oracle for the Ansible inventory parsers
  "/usr/lib/python3/dist-packages/prometheus_client python3-prometheus-client"  # a real client serving OpenMetrics (-x: the module's directory)
  "/usr/lib/postgresql/15/bin/initdb postgresql"     # the team journal (initdb, postgres for a private cluster)
)

missing=()
for entry in "${tools[@]}"; do
  read -r program package <<<"$entry"
  if [[ "$program" == /* ]]; then
    # RINGSIDE_TOOLS_ROOT: where absolute paths are looked up (tests of this script).
    [[ -x "${RINGSIDE_TOOLS_ROOT:-}$program" ]] && continue
  elif command -v "$program" >/dev/null 2>&1; then
    continue
  fi
  missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  install="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-test-tools: the tests need ${missing[*]}; install them with:" >&2
    echo "  sudo apt-get update && sudo $install" >&2
    exit 1
  fi
  echo "ensure-test-tools: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $install -qq >/dev/null
fi
# sshd refuses to start without its privilege-separation directory.
if [ "$(id -u)" = 0 ]; then
  mkdir -p -m0755 /run/sshd
fi
