"""The contributor workflow: scaffolding, changed-file validation, change summaries,
renames, the CI workflows and the CONTRIBUTING.md walkthrough."""

from __future__ import annotations

import gzip
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from helpers import MINI, run_cli

from generator.cli.main import build_parser
from generator.model.diagnostics import CATALOGUE
from generator.model.schema import Position

GOLDEN_DIFF = Path(__file__).parent / "golden" / "diff.md"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
}


def _git(root: Path, *args: str, date: str = "2025-04-01T12:00:00+00:00") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini fixture as a git repository with one commit on main."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Initial content")
    return root


# briefing new ---------------------------------------------------------------------------


def test_new_writes_every_field_with_its_description(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    status, out = run_cli(
        "new",
        "position",
        "russia-on-energy",
        "--root",
        str(root),
        "--set",
        "actor=russia",
        "--set",
        "subject=energy-pause",
        "--set",
        "sources=wire-report,ministry-statement",
    )
    assert status == 0
    assert out == (
        "created content/positions/russia-on-energy.md; fill in the fields, "
        "then run `briefing validate`\n"
    )
    text = (root / "content" / "positions" / "russia-on-energy.md").read_text()
    front = text.split("---\n")[1]
    data = yaml.safe_load(front)
    assert set(data) == set(Position.model_fields)  # every field is present
    assert data["actor"] == "russia" and data["subject"] == "energy-pause"
    assert data["sources"] == ["wire-report", "ministry-statement"]
    for name, info in Position.model_fields.items():
        first_words = " ".join((info.description or "").split()[:4])
        assert first_words in " ".join(front.replace("# ", "").split()), name
    # The scaffold is one edit away from valid: only the blanks are reported.
    _, report = run_cli("validate", "--root", str(root))
    assert "required field 'stance' is empty" in report
    assert "required field 'summary' is empty" in report


def test_new_fills_title_or_name(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert (
        run_cli("new", "actors", "kaja-kallas", "--root", str(root), "--title", "Kaja Kallas")[0]
        == 0
    )
    data = yaml.safe_load((root / "content/actors/kaja-kallas.md").read_text().split("---\n")[1])
    assert data["name"] == "Kaja Kallas"
    assert (
        run_cli(
            "new", "issue", "monitoring", "--root", str(root), "--title", "Monitoring: who checks?"
        )[0]
        == 0
    )
    data = yaml.safe_load((root / "content/issues/monitoring.md").read_text().split("---\n")[1])
    assert data["title"] == "Monitoring: who checks?"


def test_new_refuses_to_overwrite_or_reuse_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    existing = root / "content" / "actors" / "putin.md"
    before = existing.read_bytes()
    assert run_cli("new", "actor", "putin", "--root", str(root))[0] == 1
    assert existing.read_bytes() == before
    assert run_cli("new", "issue", "putin", "--root", str(root))[0] == 1
    assert not (root / "content" / "issues" / "putin.md").exists()
    assert run_cli("new", "issue", "Bad_Id", "--root", str(root))[0] == 1
    assert run_cli("new", "widgets", "x", "--root", str(root))[0] == 2
    assert run_cli("new", "issue", "x", "--root", str(root), "--set", "colour=red")[0] == 2
    err = capsys.readouterr().err
    assert "content/actors/putin.md already exists; edit it instead" in err
    assert "id 'putin' is already used by content/actors/putin.md" in err
    assert "'Bad_Id' is not a valid id" in err
    assert "unknown collection 'widgets'" in err


# briefing validate --changed ------------------------------------------------------------


def test_validate_changed_reports_only_the_changed_files(repo: Path) -> None:
    _git(repo, "checkout", "-q", "-b", "feature")
    # A fault in a file the branch changes, committed ...
    issue = repo / "content" / "issues" / "prisoners.md"
    issue.write_text(issue.read_text().replace("status: open", "status: opened"))
    _git(repo, "commit", "-q", "-am", "Change the issue")
    # ... one in a new, uncommitted file ...
    (repo / "content" / "actors" / "newcomer.md").write_text(
        "---\nname: Newcomer\nkind: persn\nsources: [wire-report]\n---\n"
    )
    status, out = run_cli("validate", "--root", str(repo), "--changed")
    assert status == 1
    assert "content/issues/prisoners.md:3:9: error[invalid-choice]" in out
    assert "content/actors/newcomer.md:3:7: error[invalid-choice]" in out
    # The same faults are reported against an explicit base.
    assert run_cli("validate", "--root", str(repo), "--changed", "main")[1] == out


def test_validate_changed_hides_problems_in_untouched_files(repo: Path) -> None:
    # main itself has a problem in an actor file; the branch changes only an issue.
    actor = repo / "content" / "actors" / "russia.md"
    actor.write_text(actor.read_text().replace("kind: state", "kind: country"))
    _git(repo, "commit", "-q", "-am", "A fault on main")
    _git(repo, "checkout", "-q", "-b", "feature")
    issue = repo / "content" / "issues" / "prisoners.md"
    issue.write_text(issue.read_text().replace("title: Prisoner exchanges", "title: Prisoners"))
    _git(repo, "commit", "-q", "-am", "Retitle")
    status, out = run_cli("validate", "--root", str(repo), "--changed")
    assert status == 0
    assert out == (
        "no problems in the changed files: 0 errors, 0 warnings\n"
        "(1 more in files this change did not touch; "
        "run without --changed to see them)\n"
    )
    assert run_cli("validate", "--root", str(repo))[0] == 1


def test_validate_changed_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    assert run_cli("validate", "--root", str(root), "--changed")[0] == 2


# briefing diff --------------------------------------------------------------------------


def _known_change(repo: Path) -> None:
    content = repo / "content"
    # Stance change.
    position = content / "positions" / "ukraine-on-prisoners.md"
    position.write_text(position.read_text().replace("stance: conditional", "stance: supports"))
    # Rename with an alias; a reference to the old id is left behind.
    old = content / "issues" / "prisoners.md"
    text = old.read_text().replace(
        "sources: [wire-report]", "aliases: [prisoners]\nsources: [wire-report]"
    )
    old.unlink()
    (content / "issues" / "prisoner-exchanges.md").write_text(text)
    for path in content.rglob("*.md"):
        body = path.read_text()
        if "subject: prisoners" in body:
            path.write_text(body.replace("subject: prisoners", "subject: prisoner-exchanges"))
    # events/swap.md still says `related: [prisoners]`: a reference the rename breaks.
    # Added source and entity; removed entity.
    (content / "sources" / "new-wire.md").write_text(
        "---\ntitle: A new report\noutlet: Example Wire\nkind: wire\npublished: 2025-04-02\n---\n"
    )
    (content / "events" / "talks.md").write_text(
        "---\ntitle: Follow-up talks\ndate: 2025-04-02\nkind: talks\n"
        "sources: [new-wire]\n---\nThe sides met again [@new-wire].\n"
    )
    (content / "actors" / "think-tank.md").unlink()


def test_diff_summarises_a_known_change(repo: Path) -> None:
    _known_change(repo)
    status, out = run_cli("diff", "main", "--root", str(repo))
    assert status == 0
    assert out == GOLDEN_DIFF.read_text(), "update tests/golden/diff.md after review"


def test_diff_with_an_unknown_base_is_a_usage_error(repo: Path) -> None:
    assert run_cli("diff", "no-such-branch", "--root", str(repo))[0] == 2


# Renames ------------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_renamed_entity_keeps_its_old_url(tmp_path: Path, builder: str) -> None:
    """The redirect is a generated file, so both builders publish it; the sitemap, which
    the generator writes after either builder, lists pages and no redirect."""
    root = tmp_path / "p"
    shutil.copytree(MINI, root)
    (root / "mkdocs.yml").write_text("site_url: https://briefing.example/\n")
    content = root / "content"
    text = (content / "issues" / "prisoners.md").read_text()
    (content / "issues" / "prisoners.md").unlink()
    (content / "issues" / "prisoner-exchanges.md").write_text(
        text.replace("sources: [wire-report]", "aliases: [prisoners]\nsources: [wire-report]")
    )
    for path in content.rglob("*.md"):
        body = path.read_text()
        path.write_text(
            body.replace("subject: prisoners", "subject: prisoner-exchanges").replace(
                "related: [prisoners]", "related: [prisoner-exchanges]"
            )
        )
    assert run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))[0] == 0
    site = root / "site"
    redirect = (site / "issues" / "prisoners.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=prisoner-exchanges.html">' in redirect
    assert (site / "issues" / "prisoner-exchanges.html").is_file()
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://briefing.example/issues/prisoner-exchanges.html</loc>" in sitemap
    assert "issues/prisoners.html" not in sitemap and "404.html" not in sitemap
    listed = set(re.findall(r"<loc>https://briefing\.example/([^<]+)</loc>", sitemap))
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert listed == pages - {"404.html", "issues/prisoners.html"}
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


# Workflows, hooks and documentation -----------------------------------------------------


def _commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script, one list of words each."""
    joined = script.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        for part in re.split(r"\|\||&&|\||;", line):
            words = shlex.split(part.strip(), comments=True) if part.strip() else []
            redirect = next((i for i, w in enumerate(words) if w[:1] in "<>"), len(words))
            words = words[:redirect]
            if words:
                commands.append(words)
    return commands


def test_workflows_are_valid_and_call_commands_that_exist() -> None:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} == {"pull-request.yml", "pr-comment.yml", "publish.yml"}
    seen_briefing = set()
    for workflow in workflows:
        data = yaml.safe_load(workflow.read_text())
        assert data["permissions"] == {"contents": "read"}, workflow.name
        for job in data["jobs"].values():
            for perm in (job.get("permissions") or {}).values():
                assert perm in ("read", "write", "none")
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", step["uses"]), step
                for words in _commands(step.get("run", "")):
                    if words[0] == "briefing":
                        assert words[1] in subcommands, words
                        # Expressions such as ${{ github.base_ref }} stand for a revision.
                        parser.parse_args([("main" if "$" in a else a) for a in words[1:]])
                        seen_briefing.add(words[1])
                    elif words[0].startswith("scripts/"):
                        assert os.access(REPO / words[0], os.X_OK), words
    assert {"validate", "diff"} <= seen_briefing
    pr = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "--format github" in pr and "GITHUB_STEP_SUMMARY" in pr
    assert "upload-artifact" in pr and "deploy-pages" not in pr


def test_pre_commit_hook_calls_an_existing_command() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    sample = yaml.safe_load((REPO / ".pre-commit-config.sample.yaml").read_text())
    entries = [hooks[0]["entry"], sample["repos"][0]["hooks"][0]["entry"]]
    for entry in entries:
        words = shlex.split(entry)
        assert words[0] == "briefing"
        build_parser().parse_args(words[1:])


def test_every_error_code_is_documented_in_contributing() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text()
    for code in CATALOGUE:
        section = re.search(
            rf"#### `{re.escape(code)}` \((error|warning)\)\n\n(.*?)\n\n"
            r"- Example: (.+)\n- Fix: (.+)\n",
            text,
        )
        assert section, code


def test_pull_request_template_has_the_reviewers_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text().lower()
    for item in ("sourced", "neutral", "attributed", "disputed facts shown both ways"):
        assert item in text


@pytest.mark.content  # the walkthrough adds a position to the shipped briefing
def test_contributing_walkthrough_works_end_to_end(tmp_path: Path) -> None:
    text = (REPO / "CONTRIBUTING.md").read_text()
    steps = re.findall(r"<!-- walkthrough:(run|file) ?([^ ]*?) -->\n```\w*\n(.*?)```", text, re.S)
    assert [kind for kind, _, _ in steps] == ["run", "file", "run", "run"]
    root = tmp_path / "p"
    shutil.copytree(REPO / "content", root / "content")
    for kind, path, body in steps:
        if kind == "file":
            (root / path).write_text(body)
            continue
        words = shlex.split(body)
        assert words[0] == "briefing"
        status, out = run_cli(*words[1:], "--root", str(root))
        assert status == 0, out
    page = root / "site" / "positions" / "russia-on-full-ceasefire-march-13.html"
    html = page.read_text()
    assert "Lukashenko" in html and "Conditional" in html
    issue = (root / "site" / "issues" / "full-ceasefire.html").read_text()
    assert "russia-on-full-ceasefire-march-13.html" in issue
