"""The URL policy, opening without a shell, and how an article's links are collected."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from tui_reader.core import links as core_links
from tui_reader.core.library.model import Article
from tui_reader.core.links import check_url, open_url
from tui_reader.render.article import render_article
from tui_reader.render.linkset import LinkSet, normalize_url

SHELL_METACHARACTERS = "https://example.com/a;rm -rf ~|$(reboot)`id`&x=1>out"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/",
        "https://example.com/path?q=1&r=2#frag",
        "HTTPS://EXAMPLE.COM/",
        "mailto:someone@example.com",
        "https://example.com/a;b|c$(d)`e`",  # shell metacharacters are just characters
    ],
)
def test_allowed(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "javascript:"),
        ("JavaScript:alert(1)", "javascript:"),
        ("file:///etc/passwd", "file:"),
        ("data:text/html,<script>alert(1)</script>", "data:"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:"),
        ("vbscript:msgbox", "vbscript:"),
        ("ssh://host", "ssh:"),
        ("steam://run/1", "steam:"),
        ("/relative/path", "without a scheme"),
        ("", "empty"),
        ("https://", "without a host"),
        ("mailto:", "without a recipient"),
        (SHELL_METACHARACTERS, "spaces or control"),
        ("https://example.com/\x1b]0;x\x07", "control"),
        ("https://example.com/\u0085", "control"),
        ("https://[::1", "malformed"),
        ("https://example.com/" + "a" * 9000, "too long"),
    ],
)
def test_refused_with_reason(url: str, reason: str) -> None:
    refusal = check_url(url)
    assert refusal is not None and reason in refusal


class FakePopen:
    calls: list[tuple[Any, dict[str, Any]]] = []

    def __init__(self, args: Any, **kwargs: Any) -> None:
        FakePopen.calls.append((args, kwargs))


@pytest.fixture
def fake_desktop(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    FakePopen.calls = []
    monkeypatch.setattr(core_links.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(core_links.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    return FakePopen.calls


def test_open_passes_the_address_as_one_argument(fake_desktop: list) -> None:
    url = "https://example.com/a;b|c$(reboot)`id`&d=1"
    assert open_url(url) is None
    [(args, kwargs)] = fake_desktop
    assert args == ["/usr/bin/xdg-open", url]
    assert not kwargs.get("shell")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", SHELL_METACHARACTERS])
def test_refused_addresses_start_nothing(fake_desktop: list, url: str) -> None:
    assert open_url(url) is not None
    assert fake_desktop == []


def test_no_console_browser_without_a_graphical_session(
    fake_desktop: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    reason = open_url("https://example.com/")
    assert reason is not None and "graphical" in reason
    assert fake_desktop == []


def test_macos_uses_webbrowser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(core_links.sys, "platform", "darwin")
    monkeypatch.setattr(core_links.webbrowser, "open", lambda url: opened.append(url) or True)
    assert open_url("mailto:a@example.com") is None
    assert opened == ["mailto:a@example.com"]


def test_linkset_numbers_each_address_once_in_order() -> None:
    links = LinkSet("https://news.example/2022/article.html")
    assert links.add("https://a.example/", "A", "link") == 1
    assert links.add("/img/x.png", "x", "image") == 2
    assert links.add("https://a.example/", "again", "link") == 1
    assert links.add("#section", "jump", "link") is None
    assert links.add("", "nothing", "link") is None
    assert [link.url for link in links.links] == [
        "https://a.example/",
        "https://news.example/img/x.png",
    ]


def test_normalize_url_cleans_and_decodes() -> None:
    assert normalize_url(" https://a.example/\n\tpath ") == "https://a.example/path"
    assert normalize_url("https://a.example/\x1b[2Jx") == "https://a.example/x"
    protected = "/cdn-cgi/l/email-protection#0a6f726b677a666f4a6f726b677a666f24696567"
    assert normalize_url(protected, "https://site.example/") == "mailto:example@example.com"


def test_article_links_source_first_then_head_image_then_body() -> None:
    article = Article(
        id="x",
        path="x.md",
        title="Title",
        link="https://news.example/story",
        image="https://news.example/head.jpg",
    )
    html = (
        '<p>See <a href="https://other.example/">other</a> and '
        '<a href="javascript:void(0)">menu</a>.</p><img src="/pic.png" alt="pic">'
    )
    rendered = render_article(article, html)
    assert [(link.number, link.kind, link.url) for link in rendered.links] == [
        (1, "source", "https://news.example/story"),
        (2, "image", "https://news.example/head.jpg"),
        (3, "link", "https://other.example/"),
        (4, "link", "javascript:void(0)"),
        (5, "image", "https://news.example/pic.png"),
    ]
    assert "other[3]" in rendered.plain_text and "menu[4]" in rendered.plain_text
    assert "[image: pic][5]" in rendered.plain_text
