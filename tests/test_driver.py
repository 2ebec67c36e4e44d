"""The headless driver: key specs, and the real app run without a terminal (`--headless --keys --screenshot`)."""

from __future__ import annotations

import pytest

from tui_nn.cli import main
from tui_nn.errors import TuiNNError
from tui_nn.tui.app import make_app
from tui_nn.tui.driver import Press, Wait, check_screenshot_path, drive, parse_keys, parse_size, run_headless


def test_key_spec_parses_keys_characters_modifiers_and_waits():
    assert parse_keys("space, wait:2 ,n,+,?,ctrl+s,ctrl++,Enter,wait:0.5,question_mark,f5,1") == (
        Press("space"), Wait(2.0), Press("n"), Press("+"), Press("?"), Press("ctrl+s"), Press("ctrl++"),
        Press("enter"), Wait(0.5), Press("question_mark"), Press("f5"), Press("1"))


@pytest.mark.parametrize("spec, words", [
    ("spacee", 'bad --keys item "spacee": not a key'),
    ("space,,n", "separated by commas"),
    ("", "separated by commas"),
    ("wait:soon", '"soon" is not a number of seconds'),
    ("wait:-1", "wait between 0 and"),
    ("hyperdrive+x", 'bad --keys item "hyperdrive+x"'),
])
def test_bad_key_spec_says_what_is_wrong(spec, words):
    with pytest.raises(TuiNNError, match=words.replace("+", r"\+").replace("(", r"\(")):
        parse_keys(spec)


def test_size_and_screenshot_path_are_checked(tmp_path):
    assert parse_size("100x30") == (100, 30)
    for bad in ("100", "axb", "5x5"):
        with pytest.raises(TuiNNError, match="--size"):
            parse_size(bad)
    assert check_screenshot_path(str(tmp_path / "a.svg")) == str(tmp_path / "a.svg")
    with pytest.raises(TuiNNError, match="does not exist"):
        check_screenshot_path(str(tmp_path / "nope" / "a.svg"))
    with pytest.raises(TuiNNError, match="SVG"):
        check_screenshot_path(str(tmp_path / "a.png"))


async def test_drive_presses_keys_in_the_real_app():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await drive(pilot, parse_keys("n,wait:0"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.epochs_done == 1


def test_run_headless_trains_saves_the_screen_and_exits_0(tmp_path):
    shot = tmp_path / "shot.svg"
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=5)
    assert run_headless(app, parse_keys("space,wait:0.5"), str(shot)) == 0
    assert app.session.epochs_done == 5
    svg = shot.read_text()
    assert svg.startswith("<svg") and "man_woman" in svg


def test_cli_headless_app_and_lesson(tmp_path, capsys):
    shot = tmp_path / "lesson.svg"
    assert main(["lesson", "--step", "2", "--headless", "--keys", "right", "--screenshot", str(shot)]) == 0
    assert "step&#160;3&#160;of&#160;7" in shot.read_text()
    assert main(["man_woman", "--headless", "--keys", "spacee"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith('tui-nn: error: bad --keys item "spacee"')
    assert main(["man_woman", "--screenshot", str(shot)]) == 2
    assert "need --headless" in capsys.readouterr().err
