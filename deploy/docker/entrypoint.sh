#!/bin/sh
# The image's entrypoint: `hookstream <app> [node arguments…]` runs one of the three apps.
#   subscriptions | fanout | delivery   the app (node is exec'ed: it gets SIGTERM directly)
#   migrate                             apply pending database migrations, then exit
# HOOKSTREAM_HOME is the folder holding dist/ and node_modules/ (/app in the image).
set -eu

home="${HOOKSTREAM_HOME:-/app}"

usage() {
  echo "usage: hookstream subscriptions|fanout|delivery|migrate" >&2
}

app="${1:-help}"
case "$app" in
  subscriptions | fanout | delivery)
    shift
    exec node "$home/dist/apps/$app/apps/$app/src/main.js" "$@"
    ;;
  migrate)
    shift
    script="$home/dist/apps/subscriptions/apps/subscriptions/src/migrate.js"
    if [ ! -f "$script" ]; then
      echo "hookstream: this build has no migrate entry ($script);" \
        "the subscriptions app applies migrations itself at start" >&2
      exit 1
    fi
    exec node "$script" "$@"
    ;;
  help | -h | --help)
    usage
    exit 0
    ;;
  *)
    echo "hookstream: unknown app '$app'" >&2
    usage
    exit 64
    ;;
esac
