#!/usr/bin/env bash
# Proves the Java developer's guide (docs/java-developers.md) end to end, against the Botgrid artifacts installed by
# `mvn -DskipTests install` in this checkout (.ci/run calls it right after that install):
#   1. copies this example to a fresh folder outside the repository and builds it there: protobuf code generation,
#      the cart's unit test, its 3-node TestCluster test and its node-main test;
#   2. starts a node with `bin/botgrid node start`, the cart jar in its plugins folder;
#   3. calls the cart from the CLI with --json, creates a bot with the jar's handler plugin, talks to it with
#      `botgrid chat` (the handler calls the cart actor), calls the cart from the Java SDK (CartClient);
#   4. stops the node with SIGTERM and checks that it stopped cleanly.
# Extra Maven options (e.g. -o, or -Dmaven.repo.local=...) come from $MVN_OPTS_EXTRA.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
node_pid=""
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -9 "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "shopping-cart check FAILED: $*" >&2
  [ -f "$work/node.log" ] && tail -n 40 "$work/node.log" >&2
  exit 1
}

echo "== building the example outside the repository, in $work/shopping-cart"
mkdir -p "$work/shopping-cart"
(cd "$root/examples/shopping-cart" && tar --exclude=./target -cf - .) | (cd "$work/shopping-cart" && tar -xf -)
(cd "$work/shopping-cart" && mvn -q -B ${MVN_OPTS_EXTRA:-} verify) || fail "the example's build or tests failed"
jar="$work/shopping-cart/target/shopping-cart-1.0.0-SNAPSHOT.jar"
[ -f "$jar" ] || fail "no $jar"

echo "== starting a node with the cart jar in its plugins folder"
mkdir -p "$work/plugins"
cp "$jar" "$work/plugins/"
base=$((20000 + RANDOM % 20000))
"$root/bin/botgrid" node start --name cart-check --data-dir "$work/data" --host 127.0.0.1 \
  --discovery-port "$base" --communication-port "$((base + 20))" --port-range 9 --seeds "127.0.0.1:$base..$((base + 9))" \
  --grpc-port 0 --endpoint-port 0 --no-sample-bot --plugins-dir "$work/plugins" >"$work/node.log" 2>&1 &
node_pid=$!
grpc=""
for _ in $(seq 1 240); do
  kill -0 "$node_pid" 2>/dev/null || fail "the node exited during start"
  grpc=$(sed -n "s/.*is running: .*gRPC \(127\.0\.0\.1:[0-9]*\),.*/\1/p" "$work/node.log" | head -n 1)
  [ -n "$grpc" ] && break
  sleep 0.5
done
[ -n "$grpc" ] || fail "the node did not report its gRPC address within 120 s"
grep -q "actor types \[.*cart" "$work/node.log" || fail "the node did not register the cart type"
grep -q "bot handlers: \[.*shopping-list" "$work/node.log" || fail "the node did not load the handler plugin"
echo "node up, gRPC on $grpc"

echo "== calling the cart from the CLI with --json"
out=$("$root/bin/botgrid" actor call -e "$grpc" cart alice --idempotency-key add-1 \
  --json '{"addItem": {"sku": "apple", "quantity": 2}}') || fail "the CLI call failed"
echo "$out"
echo "$out" | grep -q '"apple": 2' || fail "the CLI reply has no apple: $out"
if err=$("$root/bin/botgrid" actor call -e "$grpc" cart alice --json '{"addItem": {"sku": "apple", "quantity": 0}}' 2>&1); then
  fail "a quantity of 0 was accepted: $err"
fi
echo "$err" | grep -qF "botgrid: INVALID_ARGUMENT: cart/alice rejected the command: quantity must be 1..99 in total, got 0" || fail "a bad quantity did not answer INVALID_ARGUMENT: $err"

echo "== creating a bot with the jar's handler plugin"
"$root/bin/botgrid" bots create -e "$grpc" --id shop --name Shop --handler shopping-list \
  || fail "a bot with handler shopping-list could not be created"

echo "== talking to the bot: its handler keeps bob's list in bob's cart actor"
out=$(printf 'add pear 3\nadd pear 0\n' | "$root/bin/botgrid" chat -e "$grpc" shop --user bob) \
  || fail "the chat with the bot failed: $out"
echo "$out"
echo "$out" | grep -qF "Added 3 pear. Your cart: pear:3" || fail "the bot did not add to the cart: $out"
echo "$out" | grep -qF "Sorry: quantity must be 1..99 in total, got 0." || fail "the cart's refusal was not shown: $out"
out=$("$root/bin/botgrid" actor call -e "$grpc" cart bob --json '{"get": {}}') || fail "the CLI get failed"
echo "$out" | grep -q '"pear": 3' || fail "bob's cart, read from the CLI, has no pear: $out"

echo "== calling the cart from the Java SDK"
out=$(java -cp "$work/shopping-cart/target/classes:$root/cli/target/lib/*" com.example.cart.CartClient \
  "$grpc" alice pear 1) || fail "the SDK client failed"
echo "$out"
[ "$out" = "{apple=2, pear=1}" ] || [ "$out" = "{pear=1, apple=2}" ] || fail "the SDK saw $out"

echo "== stopping the node with SIGTERM"
kill -TERM "$node_pid"
for _ in $(seq 1 120); do
  kill -0 "$node_pid" 2>/dev/null || break
  sleep 0.5
done
kill -0 "$node_pid" 2>/dev/null && fail "the node did not stop within 60 s of SIGTERM"
wait "$node_pid" && status=0 || status=$?
node_pid=""
grep -q "Botgrid node cart-check stopped" "$work/node.log" || fail "the node did not stop cleanly (exit $status)"
echo "shopping-cart check passed"
