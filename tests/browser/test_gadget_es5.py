"""The gadget's source parses where MediaWiki 1.39 validates gadgets and user scripts.

1.39's ResourceLoader checks wiki-page JavaScript with its bundled ES5 parser (JSMinPlus, in
``includes/libs/jsminplus.php``) and replaces code it cannot parse with an error; ESLint's
``ecmaVersion: 5`` (.eslintrc.json) keeps the source ES5, and this asks 1.39's parser itself.
Later versions validate with an ES2017+ parser and ship no JSMinPlus.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import localwiki
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = """
require getenv('JSMINPLUS');
try {
    (new JSParser())->parse(file_get_contents(getenv('SOURCE')), 'mentor-dashboard.js', 1);
    echo "ok";
} catch (Exception $e) {
    echo $e->getMessage();
}
"""


def parse_with_jsminplus(source: Path) -> str:
    version = os.environ.get("MW") or localwiki.DEFAULT_MW
    jsminplus = localwiki.mw_dir(version) / "includes" / "libs" / "jsminplus.php"
    if not jsminplus.is_file():
        pytest.skip(f"MediaWiki {version} validates scripts with an ES2017+ parser, not JSMinPlus")
    env = dict(os.environ, JSMINPLUS=str(jsminplus), SOURCE=str(source))
    return subprocess.run(["php", "-r", CHECK], env=env, capture_output=True, text=True, check=True).stdout


def test_the_gadget_parses_as_mediawiki_1_39_validates_it() -> None:
    assert parse_with_jsminplus(ROOT / "gadget" / "mentor-dashboard.js") == "ok"


def test_the_check_refuses_what_1_39_refuses(tmp_path: Path) -> None:
    newer = tmp_path / "arrow.js"
    newer.write_text("const f = () => 1;\n")
    assert parse_with_jsminplus(newer) != "ok"
