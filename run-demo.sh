#!/usr/bin/env bash
# README command 1: builds the bundle, then runs the real Keycloak 26.7.3 (from Maven Central) with it installed,
# the demo realm imported and a local mail catcher. Ctrl-C stops everything.
#   ./run-demo.sh           keep what earlier runs stored (enrolled devices, users)
#   ./run-demo.sh --fresh   start from a clean Keycloak and re-import the demo realm
set -euo pipefail
cd "$(dirname "$0")"

KC_VERSION=26.7.3
GREENMAIL_VERSION=2.1.3
DEMO_DIR=.demo
KC_HOME="$DEMO_DIR/keycloak-$KC_VERSION"
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

if [[ "${1:-}" == "--fresh" ]]; then
  rm -rf "$DEMO_DIR"
fi
for port in 8080 9000 3025 3143 8025; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use (another Keycloak, the test suite or a mail server?). Stop it first." >&2
    exit 1
  fi
done

echo "==> Building the bundle"
mvn -B -q -DskipTests package -pl authenticators,themes,device-cli -am

echo "==> Fetching Keycloak $KC_VERSION and GreenMail $GREENMAIL_VERSION from Maven Central"
mkdir -p "$DEMO_DIR"
if [[ ! -d "$KC_HOME" ]]; then
  mvn -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
      -DoutputDirectory="$DEMO_DIR"
  unzip -q "$DEMO_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$DEMO_DIR"
  rm "$DEMO_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
fi
if [[ ! -f "$DEMO_DIR/greenmail-standalone-$GREENMAIL_VERSION.jar" ]]; then
  mvn -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="com.icegreen:greenmail-standalone:$GREENMAIL_VERSION" \
      -DoutputDirectory="$DEMO_DIR"
fi

echo "==> Installing the providers, the theme and the demo realm"
rm -f "$KC_HOME"/providers/kc-mfa-*.jar
cp authenticators/target/kc-mfa-authenticators-*.jar themes/target/kc-mfa-themes-*.jar "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp realm-export/mfa-demo-realm.json "$KC_HOME/data/import/"

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "==> Starting the mail catcher (SMTP 3025, IMAP 3143, web API 8025); log: $DEMO_DIR/greenmail.log"
# the demo users' mailboxes exist from the start, so reading one answers [] rather than an error before any mail
demo_mailboxes=alice:alice@example.org,bob:bob@example.org,carol:carol@example.org,dave:dave@example.org
demo_mailboxes+=,erin:erin@example.org,frank:frank@example.org,pat:pat@example.org
java -Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap -Dgreenmail.hostname=127.0.0.1 \
     -Dgreenmail.users="$demo_mailboxes" -Dgreenmail.users.login=email -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=8025 \
     -jar "$DEMO_DIR/greenmail-standalone-$GREENMAIL_VERSION.jar" > "$DEMO_DIR/greenmail.log" 2>&1 &
pids+=($!)

echo "==> Starting Keycloak $KC_VERSION (first start builds the server: about a minute)"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$KC_HOME/bin/kc.sh" start-dev --import-realm --http-host=127.0.0.1 --http-port=8080 --features=declarative-ui \
  --hostname=http://localhost:8080 --log-level=INFO,dev.kcmfa:DEBUG &
pids+=($!)

until curl -sf -o /dev/null http://localhost:8080/realms/mfa-demo/.well-known/openid-configuration; do
  if ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "Keycloak stopped during start-up; see its output above." >&2
    exit 1
  fi
  sleep 2
done

cat <<'BANNER'

==========================================================================================
 Keycloak MFA bundle demo is running.

 Log in as a user (account console of the demo realm):
   http://localhost:8080/realms/mfa-demo/account
     alice / alice   group /staff/engineering: policy requires MFA (TOTP). The first login
                     shows a QR code to scan with an authenticator app, the next ones ask
                     for a code; tick "Remember this device" to be spared 7 days.
     carol / carol   group /staff/office: as alice, but the office trusts 127.0.0.1 and ::1,
                     so once enrolled she needs only her password from this machine.
     dave  / dave    group /exempt: policy off, never asked for a second factor.
     erin  / erin    group /contractors: email codes required; the README ("While it runs")
                     shows the command that reads erin's code from the mail catcher.
     frank / frank   group /mobile: push approval. Copy the URL under the QR code into the
                     reference phone: java -jar device-cli/target/kc-mfa-device.jar enroll '<URL>'
                     next login: ... kc-mfa-device.jar pending, then approve <id> <number shown>
     pat   / pat     group /partners: Duo; enter your Duo application on the flow's Duo steps.
     bob   / bob     group /guests: MFA optional, password only until bob enrolls a method.
   "Forgot password?" mails a link; opening it asks the user's second factor (frank's phone,
   alice's code) before the new password: the mailbox alone is never enough (docs/flows.md).

 Admin console (flows; policies on the page "MFA policies" in the realm's menu):
   http://localhost:8080/admin/master/console/#/mfa-demo      admin / admin
 MFA admin API (docs/admin-api.md), e.g. why alice gets MFA: the commands in the README,
   "While it runs" (an admin token, alice's id, then .../mfa/users/<id>/effective-policy)

 Mail sent by Keycloak (realm SMTP localhost:3025) is kept by GreenMail:
   curl -s http://localhost:8025/api/user/alice@example.org/messages/INBOX
   or an IMAP client on localhost:3143 (user alice@example.org, any password)

 Ctrl-C stops Keycloak and the mail catcher.
==========================================================================================
BANNER
wait "${pids[1]}"
