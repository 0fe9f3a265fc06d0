#!/usr/bin/env bash
# Writes coturn's configuration for hopso (docs/operations.md, "TURN"): TLS on 443/TCP for
# sites whose firewall lets only HTTPS out, short-lived credentials checked against the secret
# hopso signs them with (TURN REST: use-auth-secret), and relaying ONLY to hopso's media address.
#   scripts/turn/configure.sh [--env /etc/hopso/turn.env] [--out /etc/turnserver.conf]
# Settings (ops/turn/turn.env.example), from the environment or the --env file:
#   TURN_SECRET     hopso's TURN_SECRET (at least 32 characters)
#   TURN_REALM      the TURN server's DNS name (also the name on its certificate)
#   TURN_CERT, TURN_KEY   certificate chain and key for that name (readable by group turnserver)
#   TURN_PEERS      hopso's media address(es), RTC_ANNOUNCED_ADDRESS, comma-separated: the only peers relayed to
#   TURN_TLS_PORT (443), TURN_PORT (3478), TURN_MIN_PORT (49152), TURN_MAX_PORT (49407),
#   TURN_LISTEN_IP (all addresses), TURN_EXTERNAL_IP (public address, when coturn is behind NAT)
set -euo pipefail

env_file=''
out=/etc/turnserver.conf
while (( $# > 0 )); do
  case $1 in
    --env) env_file=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--env FILE] [--out FILE]" >&2; exit 2 ;;
  esac
done
if [[ -n $env_file ]]; then
  set -a
  # shellcheck disable=SC1090
  source "$env_file"
  set +a
fi

fail() { echo "configure.sh: $*" >&2; exit 1; }
ipv4='^([0-9]{1,3}\.){3}[0-9]{1,3}$'
[[ ${#TURN_SECRET} -ge 32 ]] || fail "TURN_SECRET: at least 32 characters, the same as hopso's TURN_SECRET (openssl rand -hex 32)"
[[ ${TURN_REALM:-} =~ ^[A-Za-z0-9.-]+$ ]] || fail "TURN_REALM: the TURN server's DNS name, e.g. turn.example.gov.vn"
[[ -r ${TURN_CERT:-} ]] || fail "TURN_CERT: no readable certificate at '${TURN_CERT:-}'"
[[ -r ${TURN_KEY:-} ]] || fail "TURN_KEY: no readable key at '${TURN_KEY:-}'"
IFS=',' read -r -a peers <<<"${TURN_PEERS:-}"
(( ${#peers[@]} > 0 )) || fail "TURN_PEERS: hopso's media address (its RTC_ANNOUNCED_ADDRESS)"
for peer in "${peers[@]}"; do [[ $peer =~ $ipv4 ]] || fail "TURN_PEERS: '$peer' is not an IPv4 address"; done
tls_port=${TURN_TLS_PORT:-443}
min_port=${TURN_MIN_PORT:-49152}
max_port=${TURN_MAX_PORT:-49407}
(( min_port >= 1024 && min_port < max_port && max_port <= 65535 )) || fail "TURN_MIN_PORT/TURN_MAX_PORT: a range within 1024–65535"
[[ -z ${TURN_LISTEN_IP:-} || ${TURN_LISTEN_IP} =~ $ipv4 ]] || fail "TURN_LISTEN_IP: an IPv4 address"
[[ -z ${TURN_EXTERNAL_IP:-} || ${TURN_EXTERNAL_IP} =~ $ipv4 ]] || fail "TURN_EXTERNAL_IP: an IPv4 address"

tmp=$(mktemp "$(dirname "$out")/.turnserver.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
  echo "# Written by hopso's scripts/turn/configure.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Edit the settings and run it again."
  echo "realm=$TURN_REALM"
  echo "server-name=$TURN_REALM"
  echo '# Credentials: hopso issues "<expiry>:<user id>" signed with this secret at each join (TURN_TTL).'
  echo 'use-auth-secret'
  echo "static-auth-secret=$TURN_SECRET"
  echo '# Sites behind firewalls that allow only HTTPS reach us over TLS on this port; 3478 serves the rest.'
  echo "tls-listening-port=$tls_port"
  echo "listening-port=${TURN_PORT:-3478}"
  echo "cert=$TURN_CERT"
  echo "pkey=$TURN_KEY"
  echo 'no-tlsv1'
  echo 'no-tlsv1_1'
  echo 'no-dtls'
  if [[ -n ${TURN_LISTEN_IP:-} ]]; then echo "listening-ip=$TURN_LISTEN_IP"; echo "relay-ip=$TURN_LISTEN_IP"; fi
  if [[ -n ${TURN_EXTERNAL_IP:-} ]]; then echo "external-ip=$TURN_EXTERNAL_IP"; fi
  echo '# Relayed media leaves from these UDP ports: open them towards hopso.'
  echo "min-port=$min_port"
  echo "max-port=$max_port"
  echo '# Relay to hopso only: nobody can use this server to reach other machines (its own network above all).'
  echo 'denied-peer-ip=0.0.0.0-255.255.255.255'
  echo 'denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'
  for peer in "${peers[@]}"; do echo "allowed-peer-ip=$peer"; done
  echo 'no-multicast-peers'
  echo 'no-tcp-relay'
  echo '# Each site holds a send and a receive transport; a few allocations each is plenty.'
  echo 'user-quota=12'
  echo 'total-quota=2400'
  echo 'stale-nonce=600'
  echo 'fingerprint'
  echo 'no-cli'
  echo 'no-software-attribute'
  echo 'no-rfc5780'
  echo 'no-stun-backward-compatibility'
  echo 'response-origin-only-with-rfc5780'
  echo '# To the journal (systemd), or the terminal.'
  echo 'log-file=stdout'
  echo 'simple-log'
} >"$tmp"
# It holds the secret: root writes it, coturn (group turnserver) reads it.
chmod 0640 "$tmp"
getent group turnserver >/dev/null && chgrp turnserver "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "configure.sh: wrote $out (relaying to ${TURN_PEERS}; TLS on ${tls_port}/TCP; relay ports ${min_port}-${max_port}/UDP)" >&2
