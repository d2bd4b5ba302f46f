#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every header of src/ declares only its own file's prefix.

Usage: check-prefixes.py SOURCE_ROOT

A header ch-foo-bar.h (or ch-foo-bar-private.h) may declare functions
named ch_foo_bar or ch_foo_bar_*, and types named ChFooBar or ChFooBar*.
A function or type with any other name belongs in a file named after it,
so that its reader finds it where its name says.  Two conventions of the
tree count as the file's prefix too:

  * a plural file holds the operations on its singular subject: ch-events.h
    (saving, listing) may declare ch_event_* next to ch-event.h (the read
    object ChEvent), ch-tiers.h ChTier and ch_tier_*;
  * a class spread over several files, as big GNOME classes are (see
    CLASS_PARTS), declares each part's methods in that part's header.

Types of other libraries (GsfInput) and forward declarations of our own
types that another header defines are not declarations of the file.
Prints each offence and exits 1 if there is any.
"""

import os
import re
import sys

# Headers that are not named after a subject: ch-tsan.h only defines
# macros; main.c has no header.  Keep this list tiny and say why.
NO_PREFIX = {
    'ch-tsan.h',  # ThreadSanitizer annotation macros (CH_TSAN_*), no functions
}

# Classes spread over several files: every header ch-store-*.h declares
# methods of ChStore (ch_store_*), each part's in its own file.
CLASS_PARTS = {
    'ch-store': ('ch_store', 'ChStore'),  # ch-store-sync.h, ch-store-backup.h
}

# Names a header may declare whatever its prefix, because a GLib macro
# generates them or requires them under that name.
ALWAYS_ALLOWED = re.compile(
    r'^(?:'
    r'glib_autoptr_.*|glib_listautoptr_.*|glib_slistautoptr_.*'
    r'|glib_queueautoptr_.*'
    r')$'
)

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
PREPROCESSOR = re.compile(r'^\s*#(?:[^\n]*\\\n)*[^\n]*', re.M)
IDENT = r'[A-Za-z_][A-Za-z0-9_]*'
# A function declaration: type words, then the name, then its arguments.
FUNCTION = re.compile(r'(?:^|[\s*])(' + IDENT + r')\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*'
                      r'(?:G_GNUC_\w+(?:\s*\([^()]*\))?\s*|G_\w*DEPRECATED\w*\s*)*$', re.S)
FUNCTION_POINTER = re.compile(r'\(\s*\*\s*(' + IDENT + r')\s*\)\s*\(')
DECLARE = re.compile(r'\bG_DECLARE_(?:FINAL|DERIVABLE|INTERFACE)_TYPE\s*\(\s*(' + IDENT +
                     r')\s*,\s*(' + IDENT + r')\s*,')
AUTOPTR = re.compile(r'\bG_DEFINE_AUTO(?:PTR_CLEANUP_FUNC|_CLEANUP_CLEAR_FUNC|_CLEANUP_FREE_FUNC)'
                     r'\s*\(\s*(' + IDENT + r')\s*,')
TYPEDEF_NAME = re.compile(r'\btypedef\b.*?(' + IDENT + r')\s*$', re.S)
TYPEDEF_FUNC = re.compile(r'\btypedef\b[^(]*\(\s*\*\s*(' + IDENT + r')\s*\)')
STRUCT_TAG = re.compile(r'\b(?:struct|enum|union)\s+(' + IDENT + r')\s*$')


def prefixes(name):
    stem = name[:-2]
    for tail in ('-class-private', '-private'):
        if stem.endswith(tail):
            stem = stem[:-len(tail)]
            break
    words = stem.split('-')
    func = '_'.join(words)
    typ = ''.join(w[:1].upper() + w[1:] for w in words)
    return func, typ


def func_ok(name, prefixes):
    return (any(name == p or name.startswith(p + '_') for p in prefixes)
            or ALWAYS_ALLOWED.match(name))


def type_ok(name, prefixes):
    tag = name.lstrip('_')
    if not tag.startswith('Ch'):
        return True  # another library's type (GsfInput), not ours to name
    return any(tag.startswith(p) for p in prefixes)


def all_prefixes(name):
    """The function and type prefixes a header may use."""
    func, typ = prefixes(name)
    funcs, types = [func], [typ]
    if func.endswith('ies'):
        funcs.append(func[:-3] + 'y')   # ch-opportunities.h: ch_opportunity_*
        types.append(typ[:-3] + 'y')    # ChOpportunity
    elif func.endswith('s') and not func.endswith('ss'):
        funcs.append(func[:-1])      # ch-events.h: ch_event_*
        types.append(typ[:-1])       # ch-tiers.h: ChTier
    stem = name[:-2]
    for part, (pfunc, ptype) in CLASS_PARTS.items():
        if stem.startswith(part + '-'):
            funcs.append(pfunc)
            types.append(ptype)
    return funcs, types


def own_types(root):
    """Every type name that some header declares as its own."""
    found = set()
    for dirpath, _dirs, names in os.walk(os.path.join(root, 'src')):
        for name in names:
            if not name.endswith('.h'):
                continue
            with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                text = COMMENT.sub(' ', f.read())
            found.update(m.group(1) for m in DECLARE.finditer(text))
            found.update(re.findall(r'}\s*(' + IDENT + r')\s*;', text))
    return found


def statements(text):
    """Split the header's top level at ';', dropping { … } bodies but
    keeping what follows a closing brace (a typedef's name)."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == '{':
            if depth == 0:
                out.append(('open', ''.join(cur)))
                cur = []
            depth += 1
            continue
        if ch == '}':
            depth -= 1
            continue
        if depth:
            continue
        if ch == ';':
            out.append(('stmt', ''.join(cur)))
            cur = []
        else:
            cur.append(ch)
    if ''.join(cur).strip():
        out.append(('stmt', ''.join(cur)))
    return out


FORWARD = re.compile(r'^typedef\s+struct\s+_(' + IDENT + r')\s+(' + IDENT + r')$')


def check_header(path, name, defined):
    func_prefix, type_prefix = all_prefixes(name)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    text = COMMENT.sub(' ', text)
    text = PREPROCESSOR.sub(' ', text)
    bad = []

    for m in DECLARE.finditer(text):
        if not type_ok(m.group(1), type_prefix):
            bad.append(('type', m.group(1)))
        if not func_ok(m.group(2), func_prefix):
            bad.append(('function', m.group(2)))
    for m in AUTOPTR.finditer(text):
        if not type_ok(m.group(1), type_prefix):
            bad.append(('type', m.group(1)))
    # The macros end without a ';': take them out before splitting.
    text = re.sub(r'\bG_(?:DECLARE_\w+|DEFINE_AUTO\w+)\s*\([^()]*\)', ' ', text)

    typedef_body = False
    for kind, stmt in statements(text):
        stmt = stmt.strip()
        if kind == 'stmt' and typedef_body:
            typedef_body = False
            stmt = 'typedef ' + stmt  # the name after a typedef's { … }
        if not stmt or stmt.startswith(('G_BEGIN_DECLS', 'G_END_DECLS')):
            stmt = re.sub(r'\bG_(?:BEGIN|END)_DECLS\b', ' ', stmt).strip()
            if not stmt:
                continue
        stmt = re.sub(r'\bG_(?:BEGIN|END)_DECLS\b', ' ', stmt).strip()
        if re.match(r'G_DEFINE_AUTO|G_DECLARE_', stmt):
            continue
        if kind == 'open':
            typedef_body = stmt.startswith('typedef')
            m = STRUCT_TAG.search(stmt)
            if m and not type_ok(m.group(1), type_prefix):
                bad.append(('type', m.group(1)))
            continue
        if stmt.startswith('typedef'):
            m = FORWARD.match(stmt)
            if m and m.group(1) == m.group(2) and m.group(2) in defined \
               and not type_ok(m.group(2), type_prefix):
                continue  # a forward declaration of a type defined elsewhere
            m = TYPEDEF_FUNC.search(stmt)
            if not m:
                m = TYPEDEF_NAME.search(stmt)
            if m and not type_ok(m.group(1), type_prefix):
                bad.append(('type', m.group(1)))
            continue
        if FUNCTION_POINTER.search(stmt):
            continue  # a struct member or a variable, not a function
        m = FUNCTION.search(stmt)
        if m:
            if not func_ok(m.group(1), func_prefix):
                bad.append(('function', m.group(1)))
            continue
        m = re.search(r'\bextern\b.*?(' + IDENT + r')\s*(?:\[[^\]]*\])?\s*$', stmt, re.S)
        if m and not func_ok(m.group(1), func_prefix):
            bad.append(('variable', m.group(1)))
    return func_prefix, type_prefix, bad


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    problems = 0
    checked = 0
    defined = own_types(root)
    for dirpath, dirs, names in os.walk(os.path.join(root, 'src')):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith('.h') or name in NO_PREFIX:
                continue
            path = os.path.join(dirpath, name)
            func_prefix, type_prefix, bad = check_header(path, name, defined)
            checked += 1
            for kind, ident in bad:
                rel = os.path.relpath(path, root)
                want = ' or '.join(func_prefix if kind != 'type' else type_prefix)
                print(f'{rel}: {kind} {ident} does not start with {want}')
                problems += 1
    if problems:
        print(f'{problems} names outside their file\'s prefix in {checked} headers')
        return 1
    print(f'{checked} headers: every name shares its file\'s prefix')
    return 0


if __name__ == '__main__':
    sys.exit(main())
