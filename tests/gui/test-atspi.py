#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The main flows as a screen reader sees them (issue 15).

Starts the real chapterhouse on a generated data file, on a private D-Bus
session with its accessibility bus, and drives it through AT-SPI only, as a
blind user's screen reader would: finds the application and its window,
switches pages by their names, finds the member search by its accessible
name and types a name, opens the member found and reads the name back, opens
the form for a new event, finds its fields by name, and cancels it.

Needs an X display (meson runs it under xvfb-run, like the other GUI tests),
dbus-run-session, at-spi2-core and python3-pyatspi (the system Python's
module: run it with /usr/bin/python3).  Environment: CH_APP_BIN (the
chapterhouse program), CH_GENERATE_BIN (bench/ch-generate),
GSETTINGS_SCHEMA_DIR (the build's data/).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

# Waits are for the application to answer, never timed assertions.
WAIT_SECONDS = 30


def fail(message):
    print(f"not ok: {message}", file=sys.stderr)
    sys.exit(1)


def forget_accessibility_bus():
    """Removes the AT_SPI_BUS property that at-spi-bus-launcher puts on the
    X display's root window: once this test's bus is gone, a program
    started later on the same display (the next GUI test) would find it
    and fail to connect to a bus that is no longer there."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("X11")
    if name is None or not os.environ.get("DISPLAY"):
        return
    xlib = ctypes.cdll.LoadLibrary(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XDeleteProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    if not display:
        return
    atom = xlib.XInternAtom(display, b"AT_SPI_BUS", 1)
    if atom:
        xlib.XDeleteProperty(display, xlib.XDefaultRootWindow(display), atom)
    xlib.XCloseDisplay(display)


def on_private_bus():
    """Runs this script again inside its own D-Bus session: GTK then finds
    the accessibility bus (org.a11y.Bus, started on demand) there, and
    nothing of the developer's session is touched."""
    if os.environ.get("CH_ATSPI_PRIVATE_BUS") == "1":
        return
    if not os.environ.get("DISPLAY"):
        print("skip: no X display (run under xvfb-run)")
        sys.exit(77)
    if shutil.which("dbus-run-session") is None:
        fail("dbus-run-session is not installed")
    env = dict(os.environ, CH_ATSPI_PRIVATE_BUS="1")
    env.pop("NO_AT_BRIDGE", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("AT_SPI_BUS_ADDRESS", None)
    # The accessibility bus's socket is $XDG_RUNTIME_DIR/at-spi/bus_<display>
    # (else ~/.cache): a folder of its own, so that it neither replaces nor,
    # when it ends, removes the socket of a bus another program on this
    # display uses.
    runtime = tempfile.mkdtemp(prefix="chapterhouse-atspi-run-")
    env["XDG_RUNTIME_DIR"] = runtime
    forget_accessibility_bus()
    try:
        status = subprocess.call(
            ["dbus-run-session", "--", sys.executable, os.path.abspath(__file__)], env=env)
    finally:
        forget_accessibility_bus()
        shutil.rmtree(runtime, ignore_errors=True)
    sys.exit(status)


on_private_bus()

import pyatspi  # noqa: E402  (only on the private bus)


def wait_for(what, find):
    """Calls find() until it returns something, or fails after WAIT_SECONDS."""
    end = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < end:
        try:
            found = find()
        except Exception:  # the tree changes under us: ask again
            found = None
        if found:
            return found
        time.sleep(0.2)
    fail(f"timed out waiting for {what}")


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


# What is not looked inside unless asked (each node is a few D-Bus calls):
# rows and cells of lists, what a button shows (read as its name), labels.
PRUNED = ("table row", "table cell", "list item", "label", "image", "scroll bar", "push button",
          "toggle button", "page tab", "check box", "entry", "text")


def descendants(root, predicate, pruned=PRUNED):
    """The visible descendants of root for which predicate is true."""
    found = []

    def walk(node, depth):
        if depth > 0 and not showing(node):
            return
        try:
            if depth > 0 and predicate(node):
                found.append(node)
            if depth > 0 and node.getRoleName() in pruned:
                return
            for child in node:
                if child is not None:
                    walk(child, depth + 1)
        except Exception:
            pass

    walk(root, 0)
    return found


def spoken(node):
    """The name a screen reader says.  GTK 4.8 names a button with a
    mnemonic twice, "_Cancel Cancel" (its label property and the label
    that names it): what matters is that the words are there."""
    return node.name or ""


def says(node, words):
    name = spoken(node)
    return name == words or name.endswith(" " + words) or name.replace("_", "") == words


def by_role_and_name(root, role, words):
    return [n for n in descendants(root, lambda n: n.getRoleName() == role) if says(n, words)]


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    fail(f"“{spoken(node)}” ({node.getRoleName()}) has no click action")


def press(keysym):
    """A key, as the user presses it (XTest through the registry)."""
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.2)


def path(node):
    """Where node is: its parents' roles and names."""
    parts = []
    parent = node.parent
    while parent is not None and len(parts) < 12:
        parts.append(f"{parent.getRoleName()} “{spoken(parent)}”")
        parent = parent.parent
    return " < ".join(parts)


# The roles of a window: GTK 4.8 gives a modal window (the forms) the
# AT-SPI role "filler" rather than "dialog"; Orca still says its title.
WINDOW_ROLES = ("frame", "dialog", "filler")


def window_named(app, words):
    return [w for w in app
            if w is not None and w.getRoleName() in WINDOW_ROLES and says(w, words)]


def main():
    app_bin = os.environ["CH_APP_BIN"]
    generate_bin = os.environ["CH_GENERATE_BIN"]
    tmp = tempfile.mkdtemp(prefix="chapterhouse-atspi-")
    db = os.path.join(tmp, "atspi.db")
    subprocess.run([generate_bin, "--db", db, "--members", "50"], check=True,
                   stdout=subprocess.DEVNULL)

    env = dict(os.environ,
               CHAPTERHOUSE_DB=db,
               GSETTINGS_BACKEND="memory",
               GTK_A11Y="atspi",
               LC_ALL="C.UTF-8",
               LANGUAGE="C",
               XDG_DATA_HOME=os.path.join(tmp, "data"),
               XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_CACHE_HOME=os.path.join(tmp, "cache"))
    env.pop("NO_AT_BRIDGE", None)
    proc = subprocess.Popen([app_bin], env=env)
    try:
        run(proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok: the main flows through AT-SPI")


def run(proc):
    def find_app():
        if proc.poll() is not None:
            fail(f"chapterhouse exited with status {proc.returncode}")
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == "chapterhouse":
                return app
        return None

    # The application and its window, named after the chapter.
    app = wait_for("the application on the accessibility bus", find_app)
    assert app.getRoleName() == "application", app.getRoleName()
    window = wait_for("the chapter's window",
                      lambda: window_named(app, "Stockholm Bench Chapter"))[0]
    print(f"# window: {window.getRoleName()} “{spoken(window)}”")

    # The pages, by their names in the view switcher.
    switcher = wait_for("the view switcher", lambda: descendants(
        window, lambda n: n.getRoleName() == "page tab list"))[0]

    def selected(tab):
        state = tab.getState()
        return (state.contains(pyatspi.STATE_SELECTED) or state.contains(pyatspi.STATE_CHECKED) or
                state.contains(pyatspi.STATE_PRESSED))

    def page_tab(page):
        return wait_for(f"the “{page}” tab", lambda: by_role_and_name(switcher, "page tab", page))[0]

    for page in ("Events", "Renewals", "Leadership", "Opportunities", "Insights", "Members"):
        tab = page_tab(page)
        click(tab)
        wait_for(f"the “{page}” tab selected", lambda: selected(tab))
        print(f"# page tab “{page}” selected")
        if page == "Opportunities":
            # The page's own views: the ledger, who can help, the board.
            views = wait_for("the opportunities views", lambda: [
                t for t in descendants(window, lambda n: n.getRoleName() == "page tab")
                if "Ledger" in spoken(t) or "Board" in spoken(t) or "Help" in spoken(t)])
            for view in views:
                click(view)
                wait_for(f"the “{spoken(view)}” view selected", lambda: selected(view))

    # No control of the window is nameless: GTK 4.8 says the type name
    # ("GtkMenuButton", "GtkToggleButton") for a control without a name.
    nameless = descendants(window, lambda n: n.getRoleName() in (
        "push button", "toggle button", "check box", "combo box", "entry", "page tab",
        "spin button", "radio button", "menu item") and (
        not spoken(n) or spoken(n).startswith(("Gtk", "Adw", "Ch"))),
        pruned=("table row", "table cell", "list item", "label", "image", "scroll bar"))
    if nameless:
        fail("controls without a name: " +
             ", ".join(f"{n.getRoleName()} “{spoken(n)}” in {path(n)}" for n in nameless))

    # The member search, found by its name; a member found by typing.
    search = wait_for("the “Search members” field",
                      lambda: by_role_and_name(window, "entry", "Search members"))[0]
    table = wait_for("the members table", lambda: [
        t for t in descendants(window, lambda n: n.getRoleName() == "tree table")
        if says(t, "Members")])[0]

    def member_rows():
        rows = descendants(table, lambda n: n.getRoleName() == "table row")
        names = []
        for row in rows:
            cells = [c for c in row if c is not None]
            if cells and cells[0].childCount > 0 and cells[0][0].name:
                names.append(cells[0][0].name)
        return names

    names = wait_for("members in the table", member_rows)
    # The second member listed: a name that is not the first row's.
    wanted = names[1] if len(names) > 1 else names[0]
    search.queryEditableText().setTextContents(wanted)
    wait_for(f"“{wanted}” alone in the table",
             lambda: (lambda shown: shown and all(n == wanted for n in shown))(member_rows()))
    print(f"# searched: {wanted}")

    # Down from the search to the result, Return opens the member.
    press(0xff54)  # Down
    press(0xff0d)  # Return
    member = wait_for(f"the member window “{wanted}”", lambda: window_named(app, wanted))[0]
    print(f"# member window: {member.getRoleName()} “{spoken(member)}”")
    # Its panels, by their names.
    for panel in ("Profile", "Membership"):
        wait_for(f"the member's “{panel}” tab",
                 lambda: by_role_and_name(member, "page tab", panel))
    close = wait_for("the member window's Cancel button",
                     lambda: by_role_and_name(member, "push button", "Cancel"))[0]
    click(close)
    wait_for("the member window closed", lambda: not window_named(app, wanted))

    # A new event: the button on the Events page, found by its name.
    tab = page_tab("Events")
    click(tab)
    wait_for("the “Events” tab selected", lambda: selected(tab))
    # "New Event" beside the list of events, or "Plan an Event" when there
    # is none: AT-SPI shows both (GTK 4.8 marks nothing "showing"), the
    # one on the page shown opens the form.
    buttons = wait_for("the “New Event” button", lambda: (
        by_role_and_name(window, "push button", "New Event") +
        by_role_and_name(window, "push button", "Plan an Event")))
    dialog = None
    for button in buttons:
        click(button)
        end = time.monotonic() + 5
        while dialog is None and time.monotonic() < end:
            found = window_named(app, "New Event")
            dialog = found[0] if found else None
            time.sleep(0.2)
        if dialog is not None:
            print(f"# button: {button.getRoleName()} “{spoken(button)}”")
            break
    if dialog is None:
        fail("no button opened the “New Event” window (windows: " +
             ", ".join(f"{w.getRoleName()} “{spoken(w)}”" for w in app if w is not None) + ")")
    for field in ("Title (required)", "Date", "Starts", "Ends"):
        found = wait_for(f"the “{field}” field", lambda: [
            n for n in descendants(dialog, lambda n: says(n, field))
            if n.getRoleName() in ("entry", "text", "list item", "combo box", "panel")])
        print(f"# field: {found[0].getRoleName()} “{spoken(found[0])}”")
    cancel = wait_for("the “Cancel” button",
                      lambda: by_role_and_name(dialog, "push button", "Cancel"))[0]
    click(cancel)
    wait_for("the form closed", lambda: not window_named(app, "New Event"))
    print("# New Event cancelled")


if __name__ == "__main__":
    main()
