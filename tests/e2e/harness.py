"""Shared helpers for khabar's end-to-end tests: temporary directories, the
local feed server on 127.0.0.1, and running the khabar binary with a bound."""
import json
import os
import subprocess
import sys
import tempfile
import time


class FeedServer:
    """scripts/local_feed_server.py serving `root`, recording webhooks."""

    def __init__(self, server_script, root, workdir):
        self.hooks = os.path.join(workdir, "hooks.jsonl")
        port_file = os.path.join(workdir, "port")
        self.process = subprocess.Popen(
            [sys.executable, server_script, "--root", root, "--port-file", port_file,
             "--hooks", self.hooks, "--lifetime", "300"])
        deadline = time.time() + 10
        while not os.path.exists(port_file):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("feed server did not start")
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read())
        self.base = "http://127.0.0.1:%d" % self.port

    def received(self):
        if not os.path.exists(self.hooks):
            return []
        with open(self.hooks, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def run(args, timeout=60, env=None):
    """Runs a command, returning (exit code, stdout, stderr) as text."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    return result.returncode, result.stdout, result.stderr


class Checker:
    """Collects failures so one run reports all of them; exit code says."""

    def __init__(self):
        self.failures = 0
        self.passed = 0

    def check(self, condition, what):
        if condition:
            self.passed += 1
            print("ok   - " + what)
        else:
            self.failures += 1
            print("FAIL - " + what)

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failures))
        sys.exit(1 if self.failures else 0)


def wait_for(predicate, seconds):
    """Whether `predicate()` became true within `seconds` (polled every 50 ms)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def temp_dir():
    return tempfile.TemporaryDirectory(prefix="khabar-e2e-")
