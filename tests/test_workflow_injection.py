"""Contributor text cannot take over the pull-request workflow.

- `briefing diff` puts every id, name, title, path and message in an unbreakable code
  span, so the summary comment carries no mention, image, link or HTML;
- diagnostics show control characters as escapes in every output form, so a value can
  neither forge a workflow command in a CI log nor close the fence of a step summary;
- the workflows run the pull request's code with read-only tokens only, pass event
  values to shell steps through `env:`, pin every action, set time limits and install
  the locked packages; the comment workflow checks what it is given before posting it.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import REPO
from helpers import MINI, run_cli

from generator.content.changes import code_span
from generator.model.diagnostics import Diagnostic, format_github, format_json, format_text, visible

WORKFLOWS = REPO / ".github" / "workflows"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_AUTHOR_DATE": "2025-04-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2025-04-01T12:00:00+00:00",
}

# A name and a title as a hostile contributor might write them.
NAME = "@octocat ![t](https://evil.example/t.png) <img src=x onerror=alert(1)> ```"
TITLE = "Prisoner ``exchanges``\n```\n<details><summary>@team</summary>\n[x](https://evil.example)"
# ... and as the summary must show them: the newlines as `\n`, inside the code span.
TITLE_SHOWN = (
    "Prisoner ``exchanges``\\n```\\n<details><summary>@team</summary>\\n[x](https://evil.example)"
)
# A value that tries to forge an annotation, colour the log, reverse the text and close
# the ```text fence the workflow writes the full report in.
HOSTILE = "x\n::error file=x::owned\r\x1b[31m\u202e\n```\nend"
HOSTILE_SHOWN = "x\\n::error file=x::owned\\r\\x1b[31m\\u202e\\n```\\nend"


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def _split_code_spans(line: str) -> tuple[str, list[str]]:
    """The text of a Markdown line outside its code spans, and the spans' contents.

    A run of N backticks opens a span that the next run of exactly N backticks closes
    (CommonMark); a run with no such partner is literal text.
    """
    outside: list[str] = []
    spans: list[str] = []
    i = 0
    while i < len(line):
        if line[i] != "`":
            j = line.find("`", i)
            j = len(line) if j < 0 else j
            outside.append(line[i:j])
            i = j
            continue
        run = re.match(r"`+", line[i:]).group()  # type: ignore[union-attr]
        closing = re.compile(rf"(?<!`){run}(?!`)").search(line, i + len(run))
        if closing is None:
            outside.append(run)
            i += len(run)
            continue
        content = line[i + len(run) : closing.start()]
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]
        spans.append(content)
        i = closing.end()
    return "".join(outside), spans


# briefing diff ---------------------------------------------------------------------------


@pytest.fixture
def hostile_change(tmp_path: Path) -> Path:
    """The mini fixture in git, then changed by a hostile contributor."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Initial content")
    content = root / "content"

    def edit(rel: str, old: str, new: str) -> None:
        path = content / rel
        text = path.read_text()
        assert old in text, rel
        path.write_text(text.replace(old, new))

    edit("actors/russia.md", "name: Russia", f"name: {json.dumps(NAME)}")
    edit("issues/prisoners.md", "title: Prisoner exchanges", f"title: {json.dumps(TITLE)}")
    edit("positions/russia-on-prisoners.md", "stance: supports", "stance: opposes")
    edit("events/swap.md", "[russia, ukraine]", "[russia, ukraine, ghost]")
    (content / "actors" / "evil.md").write_text(
        f"---\nname: {json.dumps(NAME)}\nkind: person\nsources: [wire-report]\n---\n"
    )
    return root


def test_diff_puts_contributor_text_in_code_spans(hostile_change: Path) -> None:
    status, out = run_cli("diff", "main", "--root", str(hostile_change))
    assert status == 0
    # The subject as it reads inside the position's title: without its capital.
    position = f"{NAME} on {TITLE_SHOWN[0].lower()}{TITLE_SHOWN[1:]}"
    assert out == (
        "## Briefing changes since `main`\n"
        "\n"
        "❌ The content has 1 error(s); see the validation step.\n"
        "\n"
        "### Added (1)\n"
        "\n"
        f"- actor `evil`: ```` {NAME} ````\n"
        "\n"
        "### Changed (4)\n"
        "\n"
        f"- issue `prisoners`: ````{TITLE_SHOWN}````\n"
        f"- actor `russia`: ```` {NAME} ````\n"
        f"- position `russia-on-prisoners`: ````{position}````\n"
        "- event `swap`: `Prisoner swap`\n"
        "\n"
        "### Stance changes (1)\n"
        "\n"
        f"- ````{position}```` (`russia-on-prisoners`): Supports → **Opposes**\n"
        "\n"
        "### References that would break (1)\n"
        "\n"
        "- `content/events/swap.md:6`: `actor 'ghost' does not exist`\n"
    )
    spans: list[str] = []
    for line in out.splitlines():
        outside, line_spans = _split_code_spans(line)
        spans += line_spans
        for bad in ("@", "![", "<", "](", "`"):
            assert bad not in outside, (bad, line)
    assert spans.count(NAME) == 2 and spans.count(TITLE_SHOWN) == 1
    assert spans.count(position) == 2


def test_diff_summary_renders_no_element_from_contributor_text(hostile_change: Path) -> None:
    out = run_cli("diff", "main", "--root", str(hostile_change))[1]
    rendered = markdown.markdown(out)
    for element in ("<img", "<a ", "<a>", "<details", "<summary", "<pre"):
        assert element not in rendered, element
    codes = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", rendered, re.S)]
    assert codes.count(NAME) == 2 and codes.count(TITLE_SHOWN) == 1
    # Nothing of the values is left outside the code elements.
    outside = re.sub(r"<code>.*?</code>", "", rendered, flags=re.S)
    assert "octocat" not in outside and "evil.example" not in outside and "@" not in outside


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("putin", "`putin`"),
        ("a`b", "``a`b``"),
        ("``a", "``` ``a ```"),
        ("a`", "`` a` ``"),
        ("```", "```` ``` ````"),
        (" padded ", "`  padded  `"),
        ("", "` `"),
        ("two\nlines\r\x1b[0m\u2028", "`two\\nlines\\r\\x1b[0m\\u2028`"),
        ("x" * 250, "`" + "x" * 199 + "…`"),
    ],
)
def test_code_span_cannot_be_broken(value: str, span: str) -> None:
    assert code_span(value) == span
    rendered = markdown.markdown(f"- name {span} end")
    assert rendered.count("<code>") == 1 and rendered.endswith(" end</li>\n</ul>")


# Diagnostics -----------------------------------------------------------------------------


def _hostile_diagnostics() -> list[Diagnostic]:
    return [
        Diagnostic(
            "content/actors/putin.md",
            3,
            7,
            "invalid-choice",
            f"'{HOSTILE}' is not an allowed value for 'kind'",
            f"allowed values: {HOSTILE}",
        ),
        Diagnostic(f"content/actors/{HOSTILE}.md", 1, 1, "invalid-id", "not a valid id", None),
        Diagnostic("content/sources/a.md", 1, 1, "unused-source", "cited by nothing", "\r\n"),
    ]


def test_visible_escapes_every_control_character() -> None:
    controls = "\x00\x07\t\n\r\x1b\x7f\x85\x9f\u061c\u200e\u200f\u2028\u2029"
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert visible(controls + bidi) == (
        "\\x00\\x07\\t\\n\\r\\x1b\\x7f\\x85\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029"
        "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"
    )
    ordinary = "Владимир Путин — «Kyiv» 🇺🇦 C:\\path é\u00a0ß"
    assert visible(ordinary) == ordinary


def test_text_diagnostics_escape_control_characters() -> None:
    out = format_text(_hostile_diagnostics())
    assert out == (
        f"content/actors/putin.md:3:7: error[invalid-choice]: '{HOSTILE_SHOWN}' is not an "
        "allowed value for 'kind'\n"
        f"    hint: allowed values: {HOSTILE_SHOWN}\n"
        f"content/actors/{HOSTILE_SHOWN}.md:1:1: error[invalid-id]: not a valid id\n"
        "content/sources/a.md:1:1: warning[unused-source]: cited by nothing\n"
        "    hint: \\r\\n\n"
        "2 errors, 1 warning\n"
    )
    lines = out.split("\n")
    assert lines.pop() == ""
    assert lines.pop() == "2 errors, 1 warning"
    for line in lines:
        assert line.startswith(("content/", "    hint: ")), line
        assert not line.startswith(("::", "```")), line
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", out)


def test_github_diagnostics_are_one_line_each() -> None:
    out = format_github(_hostile_diagnostics())
    assert out == (
        "::error file=content/actors/putin.md,line=3,col=7,"
        "title=invalid-choice%3A Value is not in the field's vocabulary::"
        f"'{HOSTILE_SHOWN}' is not an allowed value for 'kind'%0Aallowed values: {HOSTILE_SHOWN}\n"
        "::error file=content/actors/x\\n%3A%3Aerror file=x%3A%3Aowned\\r\\x1b[31m\\u202e"
        "\\n```\\nend.md,line=1,col=1,title=invalid-id%3A File name is not a valid id::"
        "not a valid id\n"
        "::warning file=content/sources/a.md,line=1,col=1,"
        "title=unused-source%3A Source cited by nothing::cited by nothing%0A\\r\\n\n"
    )
    lines = out.split("\n")
    assert lines.pop() == ""
    assert len(lines) == 3
    for line in lines:
        assert line.startswith(("::error ", "::warning ")), line
        assert "\r" not in line and "\x1b" not in line and "\u202e" not in line


def test_json_diagnostics_decode_to_visible_text() -> None:
    out = format_json(_hostile_diagnostics())
    assert out.isascii() and not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", out)
    decoded = json.loads(out)
    assert decoded[0]["message"] == f"'{HOSTILE_SHOWN}' is not an allowed value for 'kind'"
    assert decoded[1]["path"] == f"content/actors/{HOSTILE_SHOWN}.md"
    assert decoded[2]["hint"] == "\\r\\n"


def test_validate_never_prints_a_value_as_it_is(tmp_path: Path) -> None:
    """End to end: a hostile file name, field name and value, in every output form."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    content = root / "content"
    (content / "actors" / f"bad{HOSTILE}.md").write_text(
        "---\nname: X\nkind: person\nsources: [wire-report]\n---\n"
    )
    putin = content / "actors" / "putin.md"
    putin.write_text(putin.read_text().replace("kind: person", f"kind: {json.dumps(HOSTILE)}"))
    issue = content / "issues" / "prisoners.md"
    issue.write_text(
        issue.read_text().replace("status: open", f"status: open\n{json.dumps('k' + HOSTILE)}: 1")
    )
    status, text = run_cli("validate", "--root", str(root))
    assert status == 1
    lines = text.rstrip("\n").split("\n")
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?", lines.pop())
    assert len(lines) >= 6
    for line in lines:
        assert line.startswith(("content/", "    hint: ")), line
    assert "\\x1b[31m\\u202e" in text
    status, github = run_cli("validate", "--root", str(root), "--format", "github")
    assert status == 1
    annotations = github.rstrip("\n").split("\n")
    assert len(annotations) == len([line for line in lines if line.startswith("content/")])
    for line in annotations:
        assert line.startswith("::error file=content/"), line
    for out in (text, github, run_cli("validate", "--root", str(root), "--format", "json")[1]):
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", out)


# Workflows -------------------------------------------------------------------------------


def _workflows() -> dict[str, dict[Any, Any]]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    return {f.name: yaml.safe_load(f.read_text()) for f in files}


def _triggers(workflow: dict[Any, Any]) -> set[str]:
    on: Any = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads a bare `on` as True
    return {on} if isinstance(on, str) else set(on or ())


def _writes(permissions: Any) -> bool:
    if isinstance(permissions, str):
        return permissions == "write-all"
    return any(v == "write" for v in (permissions or {}).values())


def test_workflows_exist_as_expected() -> None:
    assert set(_workflows()) == {"pull-request.yml", "pr-comment.yml", "publish.yml"}


def test_every_job_has_a_time_limit() -> None:
    for name, workflow in _workflows().items():
        for job_id, job in workflow["jobs"].items():
            limit = job.get("timeout-minutes")
            assert isinstance(limit, int) and 0 < limit <= 30, (name, job_id)


def test_no_expression_inside_a_shell_step() -> None:
    for name, workflow in _workflows().items():
        for job_id, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (name, job_id, step.get("name"))


def test_every_action_is_pinned_to_a_commit() -> None:
    for name, workflow in _workflows().items():
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), name
    # The trailing comments say which release each commit is.
    for path in WORKFLOWS.glob("*.y*ml"):
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_no_job_with_a_write_token_runs_pull_request_code() -> None:
    for name, workflow in _workflows().items():
        assert not _writes(workflow.get("permissions")), name  # read-only by default
        assert workflow.get("permissions") is not None, name
        triggers = _triggers(workflow)
        assert "pull_request_target" not in triggers, name
        for job_id, job in workflow["jobs"].items():
            if "permissions" in job:
                assert not isinstance(job["permissions"], str), (name, job_id)
            if not _writes(job.get("permissions")):
                continue
            # Every job of a pull_request workflow runs the pull request's code.
            assert "pull_request" not in triggers, (name, job_id)
            for step in job.get("steps", []):
                run = step.get("run", "")
                for word in ("pip install", "briefing", "scripts/", "python", "make "):
                    assert word not in run, (name, job_id, word)
                uses = step.get("uses", "")
                if uses.startswith("actions/checkout@"):
                    ref = str((step.get("with") or {}).get("ref", ""))
                    assert "workflow_run" not in triggers, (name, job_id)
                    assert "head" not in ref and "pull_request" not in ref, (name, job_id)


def test_pull_request_checks_are_read_only_and_hand_over_the_summary() -> None:
    workflows = _workflows()
    checks = workflows["pull-request.yml"]
    assert _triggers(checks) == {"pull_request"}
    assert checks["permissions"] == {"contents": "read"}
    for job in checks["jobs"].values():
        assert "permissions" not in job
    summary = checks["jobs"]["summary"]["steps"]
    upload = next(s for s in summary if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "briefing-summary"
    run = "\n".join(s.get("run", "") for s in summary)
    assert 'briefing diff "origin/$BASE_REF"' in run and "pr-number" in run

    comment = workflows["pr-comment.yml"]
    assert comment[True]["workflow_run"] == {
        "workflows": [checks["name"]],
        "types": ["completed"],
    }
    assert comment["permissions"] == {"contents": "read"}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "workflow_run.event == 'pull_request'" in job["if"]
    download, post = job["steps"]
    assert download["uses"] == (
        "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093"
    )
    assert download["with"]["name"] == "briefing-summary"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["github-token"] == "${{ github.token }}"
    assert set(post) == {"name", "env", "run"}


def test_workflows_install_the_locked_packages() -> None:
    installers = ("requirements/install", "scripts/build", "scripts/test")
    for name, workflow in _workflows().items():
        for job_id, job in workflow["jobs"].items():
            installed = False
            for step in job.get("steps", []):
                run = step.get("run", "")
                for line in run.splitlines():
                    if "pip install" in line:
                        assert (
                            "--require-hashes -r requirements/ci.lock" in line
                            or "--no-deps" in line
                        ), (name, line)
                if re.search(r"^\s*briefing ", run, re.M):
                    assert installed, (name, job_id)  # briefing from the locked install
                installed = installed or any(i in run for i in installers)
    scripts = [(REPO / "scripts" / s).read_text() for s in ("build", "test")]
    for script in scripts:
        assert "requirements/install .venv" in script and "pip install" not in script
    install = (REPO / "requirements" / "install").read_text()
    assert '--require-hashes -r "$lock"' in install
    assert "--no-deps --no-build-isolation -e ." in install


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    import tomllib

    lock = (REPO / "requirements" / "ci.lock").read_text()
    # Extras stay in the lock (`fonttools[woff]==…`), as the dependencies ask for them.
    entry = r"^([A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?==(\S+) \\\n((?:    --hash=sha256:.*\n)+)"
    entries = re.findall(entry, lock, re.M)
    pinned = {_normalise(name) for name, _, _ in entries}
    requirement_lines = [
        line for line in lock.splitlines() if line and not line.startswith((" ", "#"))
    ]
    assert len(requirement_lines) == len(entries)  # every requirement has hashes
    for _, _, hashes in entries:
        for line in hashes.splitlines():
            assert re.fullmatch(r"    --hash=sha256:[0-9a-f]{64}( \\)?", line), line
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    wanted = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9][\w.-]*", requirement).group()  # type: ignore[union-attr]
        assert _normalise(name) in pinned, requirement
    for option in ("--index-url", "--extra-index-url", "--find-links", "file://"):
        assert option not in lock  # the lock names no index, only versions and hashes


# The comment workflow's script, run with a stand-in for gh ------------------------------

FAKE_GH = """\
import json, os, subprocess, sys

args = sys.argv[1:]
state = os.environ["FAKE_GH_STATE"]
with open(os.path.join(state, "calls"), "a") as log:
    log.write(json.dumps(args) + "\\n")
assert args[0] == "api", args
args = args[1:]
method, jq, path, read_input = "GET", None, None, False
while args:
    arg = args.pop(0)
    if arg == "--method":
        method = args.pop(0)
    elif arg == "--jq":
        jq = args.pop(0)
    elif arg == "--input":
        read_input = args.pop(0) == "-"
    elif arg == "--paginate":
        pass
    else:
        path = arg
if method != "GET":
    body = json.load(sys.stdin) if read_input else None
    with open(os.path.join(state, "writes"), "a") as log:
        log.write(json.dumps({"method": method, "path": path, "body": body}) + "\\n")
    print("{}")
    sys.exit(0)
with open(os.path.join(state, "api.json")) as f:
    answer = json.load(f)[path]
if jq is None:
    print(json.dumps(answer))
else:
    sys.stdout.write(
        subprocess.run(
            ["jq", "-r", jq], input=json.dumps(answer), capture_output=True, text=True, check=True
        ).stdout
    )
"""

HEAD = "a" * 40


def _comment_step() -> dict[str, Any]:
    (job,) = _workflows()["pr-comment.yml"]["jobs"].values()
    return job["steps"][1]


def _run_comment(
    tmp_path: Path,
    pr_number: bytes,
    body: bytes,
    head: str = HEAD,
    comments: list[dict[str, Any]] | None = None,
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    tools = {name: shutil.which(name) for name in ("bash", "cat", "jq", "stat", "tail")}
    if not all(tools.values()):
        pytest.skip("needs bash, jq and coreutils, as GitHub's runners have")
    summary = tmp_path / "briefing-summary"
    summary.mkdir()
    (summary / "pr-number").write_bytes(pr_number)
    (summary / "summary.md").write_bytes(body)
    state = tmp_path / "state"
    state.mkdir()
    (state / "api.json").write_text(
        json.dumps(
            {
                "repos/owner/repo/pulls/42": {"head": {"sha": head}},
                "repos/owner/repo/issues/42/comments": comments or [],
            }
        )
    )
    # The step finds only these commands: anything else it tried to run would fail.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, path in tools.items():
        (bin_dir / name).symlink_to(str(path))
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}")
    gh.chmod(0o755)
    step = _comment_step()
    env = {
        **{k: v for k, v in step["env"].items() if "${{" not in v},
        "PATH": str(bin_dir),
        "GH_TOKEN": "token",
        "HEAD_SHA": HEAD,
        "RUN_ID": "1234",
        "SUMMARY_DIR": str(summary),
        "GITHUB_REPOSITORY": "owner/repo",
        "GITHUB_SERVER_URL": "https://github.com",
        "RUNNER_TEMP": str(tmp_path),
        "FAKE_GH_STATE": str(state),
    }
    assert set(step["env"]) <= set(env)
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    proc = subprocess.run(
        [str(tools["bash"]), "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    writes_file = state / "writes"
    writes = []
    if writes_file.exists():
        writes = [json.loads(w) for w in writes_file.read_text().splitlines()]
    return proc, writes


MARKER = "<!-- briefing-summary -->"


def test_comment_posts_the_summary_on_the_checked_pull_request(tmp_path: Path) -> None:
    proc, writes = _run_comment(tmp_path, b"42\n", b"## Briefing changes\n")
    assert proc.returncode == 0, proc.stderr
    assert writes == [
        {
            "method": "POST",
            "path": "repos/owner/repo/issues/42/comments",
            "body": {"body": f"{MARKER}\n\n## Briefing changes\n"},
        }
    ]


def test_comment_updates_its_own_earlier_comment_only(tmp_path: Path) -> None:
    comments = [
        {"id": 7, "user": {"login": "github-actions[bot]"}, "body": f"{MARKER}\n\nold"},
        {"id": 8, "user": {"login": "mallory"}, "body": f"{MARKER}\n\nforged"},
        {"id": 9, "user": {"login": "github-actions[bot]"}, "body": "another workflow's"},
    ]
    proc, writes = _run_comment(tmp_path, b"42", b"new\n", comments=comments)
    assert proc.returncode == 0, proc.stderr
    assert writes == [
        {
            "method": "PATCH",
            "path": "repos/owner/repo/issues/comments/7",
            "body": {"body": f"{MARKER}\n\nnew\n"},
        }
    ]


@pytest.mark.parametrize(
    "pr_number", [b"42 43", b"42\n43", b"-42", b"042", b"4e2", b"$(id)", b"", b"1" * 20]
)
def test_comment_refuses_a_pr_number_that_is_not_a_plain_integer(
    tmp_path: Path, pr_number: bytes
) -> None:
    proc, writes = _run_comment(tmp_path, pr_number, b"body\n")
    assert proc.returncode == 1
    assert "::error::pr-number is not a pull-request number" in proc.stdout
    assert writes == [] and not (tmp_path / "state" / "calls").exists()


def test_comment_is_not_posted_on_a_pull_request_the_run_did_not_check(tmp_path: Path) -> None:
    proc, writes = _run_comment(tmp_path, b"42\n", b"body\n", head="b" * 40)
    assert proc.returncode == 0, proc.stderr
    assert writes == []
    assert "has moved on from the checked commit, so no comment" in proc.stdout


def test_comment_replaces_an_oversized_summary_with_a_link(tmp_path: Path) -> None:
    proc, writes = _run_comment(tmp_path, b"42\n", b"x" * 60_001)
    assert proc.returncode == 0, proc.stderr
    assert [w["body"]["body"] for w in writes] == [
        f"{MARKER}\n\nThe change summary is too long for a comment (60001 bytes). It is in "
        "the summary of [the checks run](https://github.com/owner/repo/actions/runs/1234).\n"
    ]
    (tmp_path / "limit").mkdir()
    proc, writes = _run_comment(tmp_path / "limit", b"42\n", b"x" * 60_000)
    assert [len(w["body"]["body"]) for w in writes] == [len(MARKER) + 2 + 60_000]
