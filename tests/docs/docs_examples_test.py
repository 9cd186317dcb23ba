#!/usr/bin/env python3
"""Run every example in README.md and docs/*.md against khabar (issue #17: docs that run).

Usage: docs_examples_test.py --khabar PATH --source-dir REPO_ROOT [--verbose]

What is checked:
  * every ```toml block parses with tomllib; a complete configuration (it has
    `include` or `[daemon]`) is written to a temporary folder, with `feeds/` and
    `rules/` beside it (and /usr/share/khabar/ mapped there), its database moved
    to that folder, and must pass `khabar -c FILE check-config`; any other block
    is a fragment, included from a minimal config that adds the bundled
    rules/*.toml (unless the fragment defines a list or rule of the same name),
    a [daemon] database, and a stub webhook for each alert channel named but
    not defined. Secrets the block names (secret_env, password_env) get dummy
    environment variables; relative secret files (secret_file, password_file)
    are created in a temporary $CREDENTIALS_DIRECTORY;
  * config.example.toml passes check-config the same way;
  * every ```json block parses;
  * every rule query: the `query` of each [[rule]] in a toml block (searched
    with that block's config), and the QUERY of each `khabar search`/`khabar
    replay` example (with a config that includes the bundled rules) is run on
    an empty archive and must exit 0;
  * every `khabar ...` command in ```sh/```bash/```console/```shell blocks, in
    inline `code` in the prose, and in config.example.toml's comments names a
    real subcommand (its `--help` exits 0) and only options that its --help
    lists, with values among the listed choices; synopsis alternatives
    (`alerts list|retry [ID]`, `--format table|json`) are checked each;
    commands that need a daemon or the network are never run; a `... | khabar
    match -r FILE` fed by `echo` is run from the source folder;
  * docs/khabar.h2m, the man page's source beside `khabar --help`: every
    subcommand has a `.SS "khabar SUB ..."` heading whose section names every
    option `khabar SUB --help` prints, the generated DESCRIPTION is replaced
    (`[=DESCRIPTION]`), and, when help2man is installed, the generated page
    holds the description once.

A block preceded by `<!-- example: not-runnable (reason) -->` is skipped and
counted; one preceded by `<!-- example: invalid (reason) -->` must parse but be
rejected by check-config (exit 78).

Exits 1 with the list of failures, else 0. Standard library only (Python 3.11+).
"""
import argparse
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib

SHELL_LANGS = {"sh", "bash", "console", "shell", "shell-session"}
MARKER = re.compile(r"^\s*<!--\s*example:\s*(not-runnable|invalid)\b(.*?)-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
INLINE_KHABAR = re.compile(r"`(khabar [^`]+)`")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*(?:\.\.\.)?$")
SECRET_ENV_KEYS = ("secret_env", "password_env")
SECRET_FILE_KEYS = ("secret_file", "password_file")


class Block:
    def __init__(self, path, line, lang, text, marker):
        self.path, self.line, self.lang, self.text, self.marker = path, line, lang, text, marker

    @property
    def where(self):
        return f"{self.path}:{self.line}"


def read_markdown(path, rel):
    """Fenced blocks (with the marker just before each) and inline code spans naming khabar."""
    blocks, inline = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    last_text = ""
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence, lang, start = m.group(2), m.group(3).lower(), i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            marker = MARKER.match(last_text)
            blocks.append(Block(rel, start, lang, "\n".join(body) + "\n",
                                (marker.group(1), marker.group(2).strip(" ()")) if marker else None))
            last_text = ""
            i += 1
            continue
        for span in INLINE_KHABAR.findall(lines[i]):
            inline.append((f"{rel}:{i + 1}", span))
        if lines[i].strip():
            last_text = lines[i]
        i += 1
    return blocks, inline


class Khabar:
    """The binary, its subcommand tree and each subcommand's options, from --help."""

    def __init__(self, binary):
        self.binary = binary
        self.helps = {}
        self.tree = {}      # path tuple -> list of child names
        self.walk(())

    def help(self, path):
        if path not in self.helps:
            proc = subprocess.run([self.binary, *path, "--help"], capture_output=True, text=True, timeout=30)
            self.helps[path] = (proc.returncode, proc.stdout + proc.stderr)
        return self.helps[path]

    def walk(self, path):
        rc, text = self.help(path)
        if rc != 0:
            raise SystemExit(f"`khabar {' '.join(path)} --help` exited {rc}:\n{text}")
        children = section_entries(text, "Subcommands:")
        self.tree[path] = children
        for child in children:
            self.walk(path + (child,))

    def paths(self):
        return [p for p in self.tree if p]

    def options(self, path):
        """{'--name' or '-x': (takes_value, choices or None)} from `khabar PATH --help`."""
        rc, text = self.help(path)
        options = {}
        if rc != 0:
            return options
        in_options = False
        for line in text.splitlines():
            if line.strip() == "Options:":
                in_options = True
                continue
            if in_options and line and not line.startswith(" "):
                in_options = False
            # "  -n,--limit INT:INT in [1 - 10000000]    at most...": names, then the
            # value's type (single spaces), then the description (two or more)
            m = re.match(r"^ {1,4}(-\S+)((?: \S+)*)", line) if in_options else None
            if not m:
                continue
            names = m.group(1).split(",")
            kind = m.group(2).strip()
            takes_value = bool(kind) and not kind.startswith("REQUIRED")
            choices = None
            c = re.search(r":\{([^}]*)\}", kind)
            if c:
                choices = set(c.group(1).split(","))
            for name in names:
                options[name] = (takes_value, choices)
        return options

    def run(self, args, env=None, cwd=None, stdin=None):
        return subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=60,
                              env=env, cwd=cwd, input=stdin)


def section_entries(text, title):
    """Names listed under a CLI11 help section such as 'Subcommands:'."""
    names, inside = [], False
    for line in text.splitlines():
        if line.strip() == title:
            inside = True
        elif inside:
            m = re.match(r"^ {1,4}(\S+)", line)
            if not m:
                break
            names.append(m.group(1))
    return names


def split_top(text, sep="|"):
    """Split at sep outside [...] brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


class Checker:
    def __init__(self, khabar, source, work):
        self.k = khabar
        self.source = source
        self.work = work
        self.failures = []
        self.counts = {}
        self.skipped = []
        self.verbose = False
        rules = sorted(glob.glob(os.path.join(source, "rules", "*.toml")))
        self.bundled_lists, self.bundled_rules, self.bundled_alerts = set(), set(), set()
        for path in rules:
            with open(path, "rb") as f:
                data = tomllib.load(f)
            self.bundled_lists |= {t.get("name") for t in data.get("list", [])}
            for rule in data.get("rule", []):
                self.bundled_rules.add(rule.get("name"))
                self.bundled_alerts |= set(rule.get("alerts", []))
        self.cred_dir = os.path.join(work, "credentials")
        os.makedirs(self.cred_dir)
        for name in ("feeds", "rules"):
            os.symlink(os.path.join(source, name), os.path.join(work, name))
        self.base_config = self.write_base_config()

    # ---- bookkeeping
    def count(self, kind, n=1):
        self.counts[kind] = self.counts.get(kind, 0) + n

    def fail(self, where, message, output=""):
        text = f"{where}: {message}"
        output = output.replace(self.work + os.sep, "")
        if output.strip():
            text += "\n" + "\n".join("      " + line for line in output.strip().splitlines()[:20])
        self.failures.append(text)

    def note(self, text):
        if self.verbose:
            print("  " + text)

    def env(self, data=None):
        env = dict(os.environ)
        env.pop("KHABAR_CONFIG", None)
        env["CREDENTIALS_DIRECTORY"] = self.cred_dir
        for key, value in secrets(data or {}, SECRET_ENV_KEYS):
            env[value] = "docs-example-secret"
        return env

    def provide_secret_files(self, where, data):
        for key, value in secrets(data, SECRET_FILE_KEYS):
            if os.path.isabs(value):
                self.fail(where, f"{key} = {value!r} is an absolute path the test cannot provide; "
                          "make it relative ($CREDENTIALS_DIRECTORY) or mark the block not-runnable")
                continue
            with open(os.path.join(self.cred_dir, value), "w") as f:
                f.write("docs-example-secret\n")

    def stub_alerts(self, names):
        return "".join(f'\n[[alert]]\nname = "{n}"\ntype = "webhook"\nurl = "http://127.0.0.1:9/docs-example"\n'
                       for n in sorted(names))

    def write_base_config(self):
        path = os.path.join(self.work, "base.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'include = [{json.dumps(os.path.join(self.source, "rules", "*.toml"))}]\n'
                    f'[daemon]\ndatabase = {json.dumps(os.path.join(self.work, "base.db"))}\n')
            f.write(self.stub_alerts(self.bundled_alerts))
        return path

    def file_name(self, where):
        return re.sub(r"[^\w.-]+", "-", where) + ".toml"

    # ---- configurations
    def complete_config(self, where, text, data):
        """A whole configuration, verbatim but for its database and /usr/share/khabar."""
        name = self.file_name(where)
        db = os.path.join(self.work, name + ".db")
        text = re.sub(r'(?m)^(\s*database\s*=\s*)("[^"\n]*"|\'[^\'\n]*\')', lambda m: m.group(1) + json.dumps(db),
                      text, count=1)
        text = text.replace("/usr/share/khabar/", self.work + "/")
        path = os.path.join(self.work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def fragment_config(self, where, text, data, name=None):
        """A fragment, included from a minimal config (so khabar's line numbers are the block's)."""
        name = name or self.file_name(where)
        os.makedirs(os.path.dirname(os.path.join(self.work, name)), exist_ok=True)
        with open(os.path.join(self.work, name), "w", encoding="utf-8") as f:
            f.write(text)
        lists = {t.get("name") for t in data.get("list", []) if isinstance(t, dict)}
        rules = [t for t in data.get("rule", []) if isinstance(t, dict)]
        clash = (lists & self.bundled_lists) | ({r.get("name") for r in rules} & self.bundled_rules)
        includes = [name]
        alerts_named = set()
        for rule in rules:
            alerts_named |= set(rule.get("alerts", []))
        if clash:
            self.note(f"{where}: defines {', '.join(sorted(clash))} as the bundled rules do: checked without them")
        else:
            includes.append(os.path.join(self.source, "rules", "*.toml"))
            alerts_named |= self.bundled_alerts
        defined = {t.get("name") for t in data.get("alert", []) if isinstance(t, dict)}
        path = os.path.join(self.work, "main-" + name.replace(os.sep, "-"))
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"include = {json.dumps(includes, ensure_ascii=False)}\n")
            if "daemon" not in data:
                f.write(f'[daemon]\ndatabase = {json.dumps(os.path.join(self.work, name + ".db"))}\n')
            f.write(self.stub_alerts(alerts_named - defined))
        return path

    def check_config(self, where, config, data, expect_invalid=False, expected_errors=None):
        proc = self.k.run(["-c", config, "check-config"], env=self.env(data))
        if expect_invalid:
            if proc.returncode != 78:
                self.fail(where, f"marked invalid, but check-config exited {proc.returncode} (expected 78)",
                          proc.stdout + proc.stderr)
            for line in expected_errors or []:
                # the doc's file name, as written; khabar prints the path it was given
                if line not in proc.stderr:
                    self.fail(where, f"check-config does not report the error the doc shows: {line!r}",
                              proc.stderr)
            self.note(f"{where}: rejected as the doc says: {proc.stderr.strip()}")
            return False
        if proc.returncode != 0:
            self.fail(where, f"check-config exited {proc.returncode}", proc.stdout + proc.stderr)
            return False
        self.note(f"{where}: {proc.stdout.strip()}")
        return True

    def check_query(self, where, query, config, data=None, command="search"):
        self.count("rule queries")
        proc = self.k.run(["-c", config, command, query], env=self.env(data))
        if proc.returncode != 0:
            self.fail(where, f"query {query!r} is refused ({command} exited {proc.returncode})",
                      proc.stdout + proc.stderr)

    def check_toml(self, block, following=None):
        try:
            data = tomllib.loads(block.text)
        except tomllib.TOMLDecodeError as e:
            self.fail(block.where, f"toml block does not parse: {e} (the block's own lines)")
            return
        self.count("toml blocks")
        complete = "include" in data or "daemon" in data
        self.provide_secret_files(block.where, data)
        invalid = block.marker is not None and block.marker[0] == "invalid"
        expected_errors = None
        if invalid and following is not None and following.lang in ("", "text"):
            # the error shown right after the block, for a file named as in its first line
            expected_errors = [line.strip() for line in following.text.splitlines() if line.strip()]
        if complete:
            config = self.complete_config(block.where, block.text, data)
        elif expected_errors:
            shown = expected_errors[0].split(":", 1)[0]
            config = self.fragment_config(block.where, block.text, data,
                                          name=os.path.join(self.file_name(block.where)[:-5], shown))
        else:
            config = self.fragment_config(block.where, block.text, data)
        if invalid:
            self.count("toml blocks shown invalid")
        ok = self.check_config(block.where, config, data, expect_invalid=invalid, expected_errors=expected_errors)
        if ok:
            for rule in data.get("rule", []):
                if isinstance(rule, dict) and "query" in rule:
                    self.check_query(f"{block.where} rule {rule.get('name')!r}", rule["query"], config, data)

    def check_example_config(self):
        path = os.path.join(self.source, "config.example.toml")
        where = "config.example.toml"
        text = open(path, encoding="utf-8").read()
        data = tomllib.loads(text)
        self.provide_secret_files(where, data)
        config = self.complete_config(where, text, data)
        self.count("config.example.toml")
        if self.check_config(where, config, data):
            for rule in data.get("rule", []):
                self.check_query(f"{where} rule {rule.get('name')!r}", rule["query"], config, data)
        for n, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("#"):
                for span in INLINE_KHABAR.findall(line):
                    self.check_command_text(f"{where}:{n}", span, inline=True)

    # ---- commands
    def check_shell_block(self, block):
        """Each command line (continuations joined); in a console block, `$ ` lines, and the lines
        after one are what it prints."""
        console = block.lang in ("console", "shell-session")
        commands, cur, start = [], "", None   # [line number, command, output lines or None]
        for n, line in enumerate(block.text.rstrip("\n").split("\n"), block.line + 1):
            if console and not cur and not line.lstrip().startswith("$ "):
                if commands:
                    commands[-1][2].append(line)
                continue
            if start is None:
                start = n
            if line.rstrip().endswith("\\"):
                cur += line.rstrip()[:-1] + " "
                continue
            commands.append([start, cur + line, [] if console else None])
            cur, start = "", None
        for n, line, output in commands:
            line = line.strip()
            if line.startswith("$ "):
                line = line[2:]
            if re.search(r"(^|[|;&]\s*)khabar(\s|$)", line):
                self.check_command_text(f"{block.path}:{n}", line, inline=False, output=output)

    def check_command_text(self, where, line, inline, output=None):
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError as e:
            self.fail(where, f"cannot split {line!r} as a shell line: {e}")
            return
        segments, cur = [], []
        for tok in tokens:
            if tok in ("|", "||", "&&", ";"):
                segments.append(cur)
                cur = []
            else:
                cur.append(tok)
        segments.append(cur)
        for i, seg in enumerate(segments):
            seg = strip_redirections(seg)
            if seg and os.path.basename(seg[0]) == "khabar":
                feed = None
                if i > 0 and segments[i - 1][:1] == ["echo"] and len(segments[i - 1]) == 2:
                    feed = segments[i - 1][1] + "\n"
                self.count("inline commands" if inline else "shell commands")
                self.check_invocation(where, seg[1:], line, feed, inline, output)

    def check_invocation(self, where, args, line, stdin, inline, output=None):
        line = without_comment(line)   # for shorter messages
        top = self.k.options(())
        i = 0
        while i < len(args) and args[i].startswith("-"):
            name = args[i].strip("[]").split("=")[0]
            if name not in top:
                self.fail(where, f"`{line}`: khabar has no global option {name}")
                return
            takes_value, _ = top[name]
            i += 2 if takes_value and "=" not in args[i] else 1
        if i >= len(args):
            return
        sub = args[i]
        if (sub,) not in self.k.tree:
            self.fail(where, f"`{line}`: khabar has no subcommand {sub!r}")
            return
        rest = args[i + 1:]
        path = (sub,)
        if self.k.tree[path]:
            if not rest:
                return
            for alternative in split_top(" ".join(rest)):
                words = alternative.split()
                if not words:
                    self.fail(where, f"`{line}`: an empty alternative after `{sub}`")
                    continue
                child = words[0]
                if child not in self.k.tree[path]:
                    self.fail(where, f"`{line}`: `khabar {sub}` has no subcommand {child!r} "
                              f"(it has {', '.join(self.k.tree[path])})")
                    continue
                self.check_arguments(where, line, path + (child,), words[1:], None, inline)
        else:
            self.check_arguments(where, line, path, rest, stdin, inline, output)

    def check_arguments(self, where, line, path, args, stdin, inline, output=None):
        rc, _ = self.k.help(path)
        if rc != 0:
            self.fail(where, f"`khabar {' '.join(path)} --help` exited {rc}")
            return
        options = self.k.options(path)
        self.note(f"{where}: khabar {' '.join(path)} {' '.join(args)}".rstrip())
        positionals = []
        i = 0
        while i < len(args):
            tok = args[i].strip("[]")
            i += 1
            if re.match(r"^(--[\w-]|-[A-Za-z](=|$))", tok):
                name, eq, value = tok.partition("=")
                if name not in options:
                    self.fail(where, f"`{line}`: `khabar {' '.join(path)}` has no option {name} "
                              f"(its --help lists {', '.join(sorted(o for o in options if o.startswith('--')))})")
                    continue
                takes_value, choices = options[name]
                if takes_value and not eq:
                    if i >= len(args):
                        self.fail(where, f"`{line}`: {name} needs a value")
                        continue
                    value = args[i].strip("[]")
                    i += 1
                if choices and value and not PLACEHOLDER.match(value):
                    for v in value.split("|"):
                        if v not in choices:
                            self.fail(where, f"`{line}`: {name} {v!r} is not one of {', '.join(sorted(choices))}")
            else:
                positionals.append(tok)
        if path[0] in ("search", "replay") and positionals and not PLACEHOLDER.match(positionals[0]):
            self.check_query(f"{where} (khabar {path[0]})", positionals[0], self.base_config, command=path[0])
        if path == ("match",) and stdin is not None and not inline:
            self.run_match(where, line, args, stdin, output)

    def run_match(self, where, line, args, stdin, output=None):
        if any("[" in a or PLACEHOLDER.match(a) for a in args):
            return
        proc = self.k.run(["match", *args], cwd=self.source, stdin=stdin, env=self.env())
        self.count("commands run")
        if proc.returncode != 0:
            self.fail(where, f"`{line}` exited {proc.returncode}", proc.stdout + proc.stderr)
            return
        for out in proc.stdout.splitlines():
            try:
                json.loads(out)
            except json.JSONDecodeError:
                self.fail(where, f"`{line}` wrote a line that is not JSON: {out!r}")
        self.note(f"{where}: khabar match -> {proc.stdout.strip()}")
        if output is not None:
            expected = [o.rstrip() for o in output if o.strip()]
            got = [o.rstrip() for o in proc.stdout.splitlines() if o.strip()]
            if got != expected:
                self.fail(where, f"`{line}` printed something else than the doc shows",
                          "doc:\n" + "\n".join(expected) + "\nkhabar:\n" + "\n".join(got))

    def check_json(self, block):
        self.count("json blocks")
        try:
            json.loads(block.text)
        except json.JSONDecodeError as e:
            self.fail(block.where, f"json block does not parse: {e}")

    # ---- the man page
    def check_man_source(self, h2m_path, help2man):
        rel = os.path.relpath(h2m_path, self.source)
        raw = open(h2m_path, encoding="utf-8").read()
        text = unroff(raw)
        sections = {}
        current = None
        for line in text.splitlines():
            m = re.match(r'^\.SS\s+"?khabar\s+([^"]*)"?\s*$', line)
            if m:
                words = m.group(1).split()
                path = ()
                for w in words:
                    if path + (w,) in self.k.tree:
                        path += (w,)
                    else:
                        break
                if not path:
                    self.fail(rel, f"heading `.SS khabar {m.group(1)}` names no subcommand of khabar")
                    current = None
                    continue
                current = path
                sections.setdefault(path, "")
                continue
            if re.match(r"^\[[<=>]?[A-Z ]+\]$", line) or line.startswith(".SH"):
                current = None
            elif current is not None:
                sections[current] += line + "\n"
        for path in self.k.paths():
            self.count("man page subcommands")
            if self.k.tree[path]:
                # a group: its subcommands have their own headings
                if not any(p[:len(path)] == path for p in sections):
                    self.fail(rel, f"no `.SS \"khabar {' '.join(path)} ...\"` heading for its subcommands")
                continue
            if path not in sections:
                self.fail(rel, f"no `.SS \"khabar {' '.join(path)} ...\"` heading: the man page misses "
                          f"`khabar {' '.join(path)}`")
                continue
            body = sections[path]
            for name in self.k.options(path):
                if name in ("-h", "--help"):
                    continue
                self.count("man page options")
                if not re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body):
                    self.fail(rel, f"`khabar {' '.join(path)}` option {name} is not in its section")
            known = set(self.k.options(path))
            mentioned = {m for m in re.findall(r"(?<![\w-])(--[a-z][\w-]*\*?)", body) if m[-1] not in "-*"}
            for name in sorted(mentioned - known):
                print(f"  note: {rel}: `khabar {' '.join(path)}` {name} is in the man page but not in "
                      f"this binary's --help (a newer binary, or a stale page)")
        if "[=DESCRIPTION]" not in raw:
            self.fail(rel, "no [=DESCRIPTION] section: help2man would add the --help's first line to "
                      "the description, which then says it twice")
        if help2man:
            self.check_generated_man(help2man, h2m_path, rel)
        else:
            print("  help2man not found: the generated page is not checked")

    def check_generated_man(self, help2man, h2m_path, rel):
        folder = os.path.join(self.work, "man")
        os.makedirs(folder)
        binary = os.path.join(folder, "khabar")
        shutil.copy(self.k.binary, binary)
        out = os.path.join(folder, "khabar.1")
        # as the build runs it (CMakeLists.txt's --name, if it gives one)
        name = []
        cmake = os.path.join(self.source, "CMakeLists.txt")
        if os.path.exists(cmake):
            m = re.search(r'HELP2MAN\}[^)]*?--name\s+"([^"]*)"', open(cmake, encoding="utf-8").read(), re.S)
            if m:
                name = ["--name", m.group(1)]
        proc = subprocess.run([help2man, "--no-info", *name, "--include", h2m_path, "--output", out, binary],
                              capture_output=True, text=True, timeout=60)
        self.count("man pages generated")
        if proc.returncode != 0:
            self.fail(rel, f"help2man exited {proc.returncode}", proc.stdout + proc.stderr)
            return
        page = unroff(open(out, encoding="utf-8").read())
        description = re.search(r"^\.SH\s+DESCRIPTION\s*$(.*?)^\.SH", page, re.S | re.M)
        if not description:
            self.fail(rel, "the generated page has no DESCRIPTION section")
            return
        body = " ".join(description.group(1).split())
        first_line = self.k.help(())[1].splitlines()[0]
        summary = first_line.split(":", 1)[-1].strip()
        if summary and summary in body:
            self.fail(rel, f"the generated DESCRIPTION repeats the NAME line ({summary!r})")
        sentences = [s for s in re.split(r"(?<=\.)\s+", body) if len(s) > 40]
        for s in set(sentences):
            if " ".join(page.split()).count(s) > 1:
                self.fail(rel, f"the generated page says this twice: {s!r}")
        if len(re.findall(r"^\.SH\s+DESCRIPTION", page, re.M)) != 1:
            self.fail(rel, "the generated page has more than one DESCRIPTION section")


def unroff(text):
    """The text of roff source, near enough to find option names in it."""
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[^]]*\]", "", text)
    text = text.replace("\\-", "-").replace("\\(em", "--").replace("\\&", "").replace("\\e", "\\")
    return text


def without_comment(line):
    """A shell line without its # comment."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line


def secrets(data, keys):
    found = []
    for table in data.get("alert", []) if isinstance(data.get("alert"), list) else []:
        if isinstance(table, dict):
            for key in keys:
                if isinstance(table.get(key), str):
                    found.append((key, table[key]))
    return found


def strip_redirections(seg):
    out, skip = [], False
    for tok in seg:
        if skip:
            skip = False
            continue
        if tok in ("<", ">", ">>", "2>", "2>>"):
            skip = True
            continue
        if re.match(r"^(\d?>>?|<)\S", tok) or tok in ("2>&1",):
            continue
        out.append(tok)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--khabar", required=True, help="the khabar binary")
    parser.add_argument("--source-dir", required=True, help="the repository's root")
    parser.add_argument("--verbose", action="store_true", help="say what each example gave")
    args = parser.parse_args()
    source = os.path.abspath(args.source_dir)
    binary = os.path.abspath(args.khabar)

    khabar = Khabar(binary)
    docs = [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs", "*.md")))
    work = tempfile.mkdtemp(prefix="khabar-docs-")
    try:
        checker = Checker(khabar, source, work)
        checker.verbose = args.verbose
        for path in docs:
            rel = os.path.relpath(path, source)
            blocks, inline = read_markdown(path, rel)
            for index, block in enumerate(blocks):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if block.marker and block.marker[0] == "not-runnable":
                    checker.skipped.append(f"{block.where} ({block.lang or 'text'}): {block.marker[1]}")
                    continue
                if block.lang == "toml":
                    checker.check_toml(block, following)
                elif block.lang == "json":
                    checker.check_json(block)
                elif block.lang in SHELL_LANGS:
                    checker.count("shell blocks")
                    checker.check_shell_block(block)
            for where, span in inline:
                checker.check_command_text(where, span, inline=True)
        checker.check_example_config()
        checker.check_man_source(os.path.join(source, "docs", "khabar.h2m"), shutil.which("help2man"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"docs examples: {len(docs)} documents, {len(khabar.paths())} subcommands")
    for kind in sorted(checker.counts):
        print(f"  {checker.counts[kind]:4d} {kind}")
    print(f"  {len(checker.skipped):4d} blocks marked not-runnable")
    for s in checker.skipped:
        print(f"       skipped {s}")
    if checker.failures:
        print(f"\n{len(checker.failures)} failing examples:")
        for f in checker.failures:
            print("  " + f)
        print("\nA block is checked as a file named after it (README.md-66.toml for the block whose fence "
              "is README.md:66): khabar's line N in it is line 66+N of the document.")
        return 1
    print("every example runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
