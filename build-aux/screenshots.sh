#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# screenshots.sh — take the screenshots of the metainfo and the README
# (data/screenshots/*.png) from the real program under a virtual X display.
#
# Usage: build-aux/screenshots.sh [BUILD_DIR] [OUT_DIR]
#        (defaults: build, data/screenshots)
#
# Starts build/src/gui/chapterhouse on an empty data file, opens the demo
# chapter as a new user would (Alt+E on the welcome page), and shows the
# pages with their shortcuts (Ctrl+1…6), in the light and then the dark
# style (ADW_DEBUG_COLOR_SCHEME).  Each shot is cropped to the window and
# made small with pngquant.
#
# For checking a translation or a narrow window, the environment changes
# what is taken: SHOT_PAGES (e.g. "1:members 2:events", the light style) and
# SHOT_DARK_PAGES, SHOT_WIDTH (the window's width, 1100 unless set) and
# SHOT_DB (an existing data file instead of the demo chapter; it is copied).
# The language comes from LANGUAGE/LC_ALL as usual, with
# CHAPTERHOUSE_LOCALEDIR=BUILD_DIR/po for catalogues not yet installed.
#
# Needs: xvfb, xauth, xdotool, imagemagick,
# pngquant (apt-get install -y xvfb xauth xdotool imagemagick pngquant).
set -eu

build=$(realpath "${1:-build}")
out=$(realpath -m "${2:-data/screenshots}")
program="$build/src/gui/chapterhouse"
# Under load the window takes its time; SHOT_DELAY stretches every wait.
delay=${SHOT_DELAY:-4}

for tool in xvfb-run xdotool convert pngquant; do
  command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$program" ] || { echo "screenshots.sh: build $program first" >&2; exit 2; }

mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The pages to show, by their shortcut, and the file names.
light=${SHOT_PAGES-"1:members 2:events 3:renewals 6:insights"}
dark=${SHOT_DARK_PAGES-"1:members-dark 6:insights-dark"}

# One run of the program: $1 = light or dark, $2 = the shots.
cat >"$scratch/inner.sh" <<'EOT'
#!/usr/bin/env bash
set -eu
scheme=$1 shots=$2 out=$3 delay=$4 program=$5
if [ "$scheme" = dark ]; then
  export ADW_DEBUG_COLOR_SCHEME=prefer-dark
else
  export ADW_DEBUG_COLOR_SCHEME=prefer-light
fi
"$program" &
pid=$!
sleep $((delay * 3))
# The welcome page of an empty data file: explore the demo chapter.
if [ ! -s "$CH_DEMO_READY" ]; then
  xdotool key --clearmodifiers alt+e
  sleep $((delay * 4))
  echo done >"$CH_DEMO_READY"
fi
xdotool mousemove 1279 799   # no row under the pointer
win=$(xdotool search --onlyvisible --class chapterhouse | head -1)
for shot in $shots; do
  key=${shot%%:*} name=${shot#*:}
  xdotool windowactivate --sync "$win" 2>/dev/null || true
  xdotool key --clearmodifiers "ctrl+$key"
  sleep "$delay"
  import -window "$win" "$out/$name.png"
done
kill $pid
wait $pid 2>/dev/null || true
EOT
chmod +x "$scratch/inner.sh"

# Settings of their own: the window's size, and no "renewal reminders are
# due" notification over the pages.
mkdir -p "$scratch/config/glib-2.0/settings"
cat >"$scratch/config/glib-2.0/settings/keyfile" <<EOT
[io/github/chapterhouse/Chapterhouse]
window-width=${SHOT_WIDTH:-1100}
window-height=700
reminder-days-before=0
reminder-at-grace=false
reminder-at-lapse=false
EOT

export CHAPTERHOUSE_DB="$scratch/demo.db"
export CH_DEMO_READY="$scratch/demo-ready"
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo GDK_BACKEND=x11 NO_AT_BRIDGE=1
: >"$CH_DEMO_READY"
if [ -n "${SHOT_DB:-}" ]; then
  cp "$SHOT_DB" "$CHAPTERHOUSE_DB"
  echo done >"$CH_DEMO_READY"
fi

[ -z "$light" ] ||
  xvfb-run -a -s '-screen 0 1280x800x24' "$scratch/inner.sh" light "$light" "$out" "$delay" "$program"
[ -z "$dark" ] ||
  xvfb-run -a -s '-screen 0 1280x800x24' "$scratch/inner.sh" dark "$dark" "$out" "$delay" "$program"

for f in "$out"/*.png; do
  pngquant --force --skip-if-larger --quality 60-90 --strip --output "$f" "$f" || true
  echo "$f: $(stat -c %s "$f") bytes"
done
