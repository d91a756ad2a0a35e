"""Hostile content and configuration, part 3: every file the site ships, and what a pull
request that changes configuration can do.

- The final audit reads pages as a browser does and catches what a tokenizer misses;
  cleaning and auditing agree (a property test).
- Both builders clean pages with the same allowlist.
- Scripts, hooks and includes are code: each is named in briefing.yaml, or refused.
- Validation renders content with the project's own Markdown extensions.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import BUILDERS
from helpers import mini_project, run_cli, run_cli_err
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from generator.markdown.audit import audit_document, audit_site
from generator.markdown.sanitize import CONTENT, PAGE, audit, clean

# --- the audit reads as a browser reads ------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<img src="/\\evil.invalid/x.png">',  # a backslash is a slash to a browser
        '<img src="/&#9;/evil.invalid/x">',  # a tab inside an address is dropped
        '<img src=" \t//evil.invalid/x">',
        '<img srcset="a.png 1x, /\\evil.invalid/b.png 2x">',
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        '<svg><animate attributeName="xlink:href" values="javascript:alert(1)"/></svg>',
        '<p style="background:\\75 rl(/\\evil.invalid/x)">x</p>',  # a CSS escape of url
        '<p style="background:u\\72 l(//evil.invalid)">x</p>',
        "<style>p{background:url(//evil.invalid/x)}</style>",
        '<meta http-equiv="refresh " content="0;url=https://evil.invalid">',
        '<meta http-equiv="REFRESH" content="0;url=https://evil.invalid">',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        "<template><img src=x onerror=alert(1)></template>",
        '<iframe src="https://evil.invalid"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        '<p><img src=x onerror="alert(1)"></p>',
        '<link rel="stylesheet" href="//evil.invalid/x.css">',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
    ],
)
def test_the_audit_catches_what_browsers_accept(html: str) -> None:
    assert audit_document(html), html


def test_the_audit_lets_ordinary_pages_through() -> None:
    page = (
        '<p>See <a href="../x.html#y">the page</a>, <a href="https://example.org/a b">a</a> '
        'and <code>&lt;img onerror&gt;</code>.</p><script type="application/json">{"a":1}'
        "</script>"
    )
    assert audit_document(page) == []


# Fragments built from the pieces attacks are made of: markup the allowlist knows and
# does not, event handlers, schemes spelt with entities and controls, CSS loads.
_TAGS = st.sampled_from(["p", "a", "img", "span", "code", "svg", "script", "style", "b"])
_NAMES = st.sampled_from(["href", "src", "class", "style", "onclick", "id", "title", "x"])
_VALUES = st.sampled_from(
    [
        "https://example.org/",
        "javascript:alert(1)",
        "jav&#x09;ascript:x",
        "/\\evil.invalid/x",
        "//evil.invalid",
        "url(//x)",
        "\\75 rl(//x)",
        "note",
        "admonition note",
        "a&amp;b",
        "fn:1",
        '"><b>',
    ]
)
_FRAGMENTS = st.recursive(
    st.text(alphabet="ab <>&\"'=/", max_size=8),
    lambda inner: st.builds(
        lambda tag, attrs, body: (
            f"<{tag}" + "".join(f' {n}="{v}"' for n, v in attrs) + f">{body}</{tag}>"
        ),
        _TAGS,
        st.lists(st.tuples(_NAMES, _VALUES), max_size=3),
        st.lists(inner, max_size=3).map("".join),
    ),
    max_leaves=12,
)


def _tree(html: str) -> str:
    """The tree a browser builds from `html`, serialised: equal trees, equal text.

    Comments are left out: the cleaner drops them by design, and a browser makes one
    not only of `<!--` but of `</` or `<?` before a non-letter (`<</<` holds one)."""
    node = LexborHTMLParser(html).body
    if node is None:
        return ""
    for comment in [n for n in node.traverse(include_text=True) if n.tag == "-comment"]:
        comment.decompose()
    return node.html or ""


@settings(max_examples=300, deadline=None)
@given(_FRAGMENTS)
def test_cleaning_and_auditing_agree(fragment: str) -> None:
    for policy in (CONTENT, PAGE):
        cleaned = clean(fragment, policy)
        # Whatever the cleaner emits, both audits accept...
        assert audit(cleaned, policy) == [], (fragment, cleaned)
        assert audit_document(cleaned) == [], (fragment, cleaned)
        # ... cleaning it again changes nothing ...
        assert clean(cleaned, policy) == cleaned
        # ... and what both audits accept, the cleaner leaves as it is.
        if not audit(fragment, policy) and not audit_document(fragment):
            assert _tree(cleaned) == _tree(fragment), (fragment, cleaned)


# --- both builders clean with the same allowlist -----------------------------------------------


@pytest.mark.parametrize("builder", BUILDERS)
def test_both_builders_clean_pages_with_the_allowlist(tmp_path: Path, builder: str) -> None:
    # A project's own template (code, not content) gives a paragraph attributes the
    # allowlist refuses: neither builder publishes them.
    root = mini_project(tmp_path)
    from generator.project.layout import PACKAGE_TEMPLATES

    own = root / "site_templates" / "actor.md.j2"
    own.parent.mkdir()
    own.write_text(
        (PACKAGE_TEMPLATES / "actor.md.j2").read_text()
        + '\n\nA marked paragraph.\n{: data-evil="1" .evil-class title="kept" }\n'
    )
    status, _, err = run_cli_err("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 0, err
    page = (root / "site" / "actors" / "putin.html").read_text()
    assert "A marked paragraph." in page
    assert "data-evil" not in page and "evil-class" not in page


# --- files that are not pages -----------------------------------------------------------------


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_page_of_the_projects_own_with_script_is_not_published(
    tmp_path: Path, builder: str
) -> None:
    root = mini_project(tmp_path)
    evil = root / "site_templates" / "static" / "evil.html"
    evil.parent.mkdir(parents=True)
    evil.write_text("<html><body><script>alert(1)</script></body></html>")
    status, _, err = run_cli_err("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 1
    assert "evil.html: inline <script> not from the theme" in err and err.count("\n") == 1
    assert not (root / "site").exists()


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_script_is_published_only_when_briefing_yaml_names_it(
    tmp_path: Path, builder: str
) -> None:
    root = mini_project(tmp_path)
    script = root / "site_templates" / "static" / "javascripts" / "extra.js"
    script.parent.mkdir(parents=True)
    script.write_text("console.log('hello');\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 1 and "javascripts/extra.js: a script that is not the theme's" in err
    settings_file = root / "content" / "briefing.yaml"
    settings_file.write_text(settings_file.read_text() + "scripts: [javascripts/extra.js]\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--builder", builder, "--root", str(root))
    assert status == 0, err
    assert (root / "site" / "javascripts" / "extra.js").is_file()


def test_mkdocs_yml_may_load_only_the_scripts_briefing_yaml_names(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    (root / "mkdocs.yml").write_text("extra_javascript: [javascripts/evil.js]\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1
    assert "loads the script 'javascripts/evil.js', which briefing.yaml's scripts" in err


def test_mkdocs_yml_may_run_only_the_hooks_briefing_yaml_names(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    marker = tmp_path / "hook-ran"
    (root / "evil_hook.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
    )
    (root / "mkdocs.yml").write_text("hooks: [evil_hook.py]\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1 and "runs the hook 'evil_hook.py'" in err and err.count("\n") == 1
    assert not marker.exists()
    settings_file = root / "content" / "briefing.yaml"
    settings_file.write_text(settings_file.read_text() + "hooks: [evil_hook.py]\n")
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 0, err
    assert marker.read_text() == "ran"  # named, reviewed, and so it runs


# --- includes stay inside the project, and validation renders as the build does -------------


def test_snippets_from_outside_the_project_are_refused(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    (root / "mkdocs.yml").write_text(
        "markdown_extensions:\n"
        "  - pymdownx.snippets:\n      base_path: /\n      check_paths: false\n"
    )
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1 and "pymdownx.snippets reads from '/', outside the project" in err


def test_a_snippet_of_a_file_outside_the_project_never_reaches_the_page(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n")
    (root / "mkdocs.yml").write_text(
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - pymdownx.snippets\n"
    )
    putin = root / "content" / "actors" / "putin.md"
    putin.write_text(putin.read_text() + f'\n--8<-- "{secret}"\n\n--8<-- "../secret.txt"\n')
    # Validation renders with the project's extensions, as the build will.
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1, out
    assert "content/actors/putin.md" in out and "cannot be rendered" in out
    status, _, err = run_cli_err("build", "--no-pdf", "--root", str(root))
    assert status == 1
    assert (
        not (root / "site").exists()
        or "secret" not in (root / "site" / "actors" / "putin.html").read_text()
    )


# --- smaller ---------------------------------------------------------------------------------


def test_control_and_bidi_override_characters_are_refused_in_every_text(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    settings_file = root / "content" / "briefing.yaml"
    settings_file.write_text(
        settings_file.read_text()
        + 'spellings:\n  - {variant: "Ki\\x1bev", used: "Kyiv"}\n'
        + "vocabularies:\n  stance:\n"
        + '    - {value: supports, label: Supports, symbol: "\\x1b[31m"}\n'
        + '    - {value: opposes, label: "Opp\\u202eoses"}\n'
    )
    status, out = run_cli("validate", "--root", str(root))
    assert status == 1
    assert out.count("invisible control character") >= 3, out
    assert "U+001B" in out and "U+202E" in out


def test_diff_shows_invisible_characters_as_escapes(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
        cwd=root,
        check=True,
    )
    putin = root / "content" / "actors" / "putin.md"
    putin.write_text(putin.read_text().replace("Vladimir Putin", "Vladimir\u200bPutin"))
    status, out = run_cli("diff", "main", "--root", str(root))
    assert status == 0
    assert "\u200b" not in out and "Vladimir\\u200bPutin" in out


def test_a_pull_request_that_changes_code_is_marked_for_a_maintainer(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=root, check=True)
    status, out = run_cli("diff", "main", "--root", str(root))
    assert status == 0 and "Code change" not in out
    (root / "mkdocs.yml").write_text("hooks: [evil.py]\n")
    (root / "site_templates").mkdir()
    (root / "site_templates" / "home.md.j2").write_text("# x\n")
    status, out = run_cli("diff", "main", "--root", str(root))
    assert "### ⚠️ Code change: needs a maintainer (2)" in out
    assert "- `mkdocs.yml`" in out and "- `site_templates/home.md.j2`" in out


def test_the_starter_asks_a_maintainer_to_review_everything_outside_content(
    tmp_path: Path,
) -> None:
    assert run_cli("init", str(tmp_path / "new"))[0] == 0
    owners = (tmp_path / "new" / ".github" / "CODEOWNERS").read_text().splitlines()
    rules = [line.split() for line in owners if line and not line.startswith("#")]
    assert rules[0] == ["*", "@OWNER"] and rules[-1] == ["/content/"]


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_logo_title_is_escaped_once(tmp_path: Path, builder: str) -> None:
    root = mini_project(tmp_path)
    settings_file = root / "content" / "briefing.yaml"
    text = settings_file.read_text()
    settings_file.write_text(text.replace("title: Example briefing", "title: Q&A briefing", 1))
    assert run_cli("build", "--no-pdf", "--builder", builder, "--root", str(root))[0] == 0
    page = (root / "site" / "index.html").read_text()
    assert 'title="Q&amp;A briefing"' in page and "&amp;amp;" not in page


def test_the_whole_site_audit_covers_search_indexes_svg_and_scripts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(
        '{"docs": [{"location": "a.html", "title": "<img src=x onerror=alert(1)>", "text": ""}]}'
    )
    (site / "search.js").write_text(
        'var __index = {"items": [{"location": "a", "title": "t", '
        '"text": "<svg onload=alert(2)>"}]};'
    )
    (site / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')
    (site / "y.js").write_text("alert(3)")
    (site / "z.css").write_text("body{background:url(https://evil.invalid/x.png)}")
    problems = audit_site(site)
    assert [p.split(":")[0] for p in problems] == [
        "y.js",
        "search/search_index.json",
        "search.js",
        "x.svg",
        "z.css",
    ], problems
