"""End to end in headless Chromium against the real server: log in, ask in Chinese for a chart, see it, rate
the answer, correct a column type; then the stored feedback and the catalog change are checked directly."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from pandian.catalog import Catalog
from pandian.security.users import add_user
from tests.conftest import ROOT

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("chromium / chromedriver not installed (scripts/browser.sh installs them)")
    root = tmp_path_factory.mktemp("ui")
    ws = root / "ws"
    subprocess.run([sys.executable, "-m", "pandian.cli", "demo", "--scale", "2000", "--workspace", str(ws)],
                   cwd=ROOT, check=True, capture_output=True)
    add_user(ws / "users.json", "alice", "analyst", "alice-secret")
    add_user(ws / "users.json", "victor", "viewer", "victor-secret")
    add_user(ws / "users.json", "olga", "owner", "olga-secret")
    port = _free_port()
    # no training on first use; the retrain button trains a small model (SOTAB subset, 1 epoch)
    env = {**os.environ, "PANDIAN_AUTO_TRAIN": "0", "PANDIAN_COLUMN_SOTAB_MAX": "100", "PANDIAN_COLUMN_PER_TYPE": "3",
           "PANDIAN_COLUMN_EPOCHS": "1"}
    for k in ("PANDIAN_LLM_BASE_URL", "PANDIAN_LLM_MODEL"):
        env.pop(k, None)
    proc = subprocess.Popen([sys.executable, "-m", "pandian.cli", "serve", "--port", str(port), "--workspace", str(ws)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read())
            time.sleep(1)
    yield url, ws, root
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def browser(server):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-dev-shm-usage", "--window-size=1400,2400"):
        opts.add_argument(a)
    drv = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def _login(drv, url: str, user: str, password: str) -> None:
    drv.get(url)
    wait = WebDriverWait(drv, 60)
    pw = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[type=password]")))
    name = drv.find_elements(By.CSS_SELECTOR, "input[type=text], input:not([type])")[0]
    name.send_keys(user)
    pw.send_keys(password)
    pw.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.ID, "chat_input")))
    wait.until(lambda d: user in d.find_element(By.ID, "who").text)


def _type(drv, elem_id: str, text: str, enter: bool = False) -> None:
    box = drv.find_element(By.CSS_SELECTOR, f"#{elem_id} textarea, #{elem_id} input")
    box.clear()
    box.send_keys(text)
    if enter:
        box.send_keys(Keys.ENTER)


def _pick(drv, elem_id: str, value: str) -> None:
    """Choose a dropdown option the way a user does: open the list, click the option."""
    box = drv.find_element(By.CSS_SELECTOR, f"#{elem_id} input")
    box.click()

    def option(d):
        for li in d.find_elements(By.CSS_SELECTOR, f"#{elem_id} ul.option-list li"):
            if li.text.replace("✓", "").strip() == value:
                return li
        return False

    li = WebDriverWait(drv, 20).until(option)
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'});", li)
    li.click()
    WebDriverWait(drv, 10).until(lambda d: box.get_attribute("value") == value)
    time.sleep(0.5)


def _tab(drv, label: str) -> None:
    tabs = [b for b in drv.find_elements(By.XPATH, f"//button[@role='tab'][contains(., '{label}')]") if b.is_displayed()]
    tabs[0].click()


def test_chat_chart_rating_and_correction(server, browser, tmp_path):
    url, ws, _ = server
    drv = browser
    _login(drv, url, "alice", "alice-secret")
    _type(drv, "chat_input", "画一个订单金额的直方图", enter=True)
    WebDriverWait(drv, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chatbot .js-plotly-plot, "
                                                                              "#chat_plot .js-plotly-plot"))
    drv.save_screenshot(str(tmp_path / "01_chart.png"))
    text = drv.find_element(By.ID, "chatbot").text
    assert "直方图" in text or "histogram" in text
    _type(drv, "rate_text", "图很清楚")
    drv.find_element(By.CSS_SELECTOR, "#rate_submit").click()
    WebDriverWait(drv, 30).until(lambda d: "已保存评价" in d.find_element(By.ID, "rate_status").text)
    drv.save_screenshot(str(tmp_path / "02_rated.png"))

    _tab(drv, "目录 Catalog")
    WebDriverWait(drv, 20).until(EC.visibility_of_element_located((By.ID, "cat_table")))
    _pick(drv, "cat_table", "orders")
    WebDriverWait(drv, 20).until(lambda d: "province" in d.find_element(By.ID, "cat_columns").text)
    _pick(drv, "fix_column", "province")
    _pick(drv, "fix_type", "address")
    drv.find_element(By.CSS_SELECTOR, "#fix_save").click()
    WebDriverWait(drv, 30).until(lambda d: "✅" in d.find_element(By.ID, "fix_status").text)
    drv.save_screenshot(str(tmp_path / "03_corrected.png"))

    cat = Catalog(f"sqlite:///{ws / 'catalog.sqlite'}")
    try:
        col = next(c for c in cat.get("orders").columns if c.name == "province")
        assert (col.semantic_type, col.label_source) == ("address", "user")
        fbs = cat.feedback()
        assert any(f.kind == "answer" and f.rating == 5 and f.user == "alice" and f.comment == "图很清楚" for f in fbs)
        assert any(f.kind == "column_type" and f.target == "orders.province" and f.value == "address"
                   and f.user == "alice" for f in fbs)
    finally:
        cat.close()


def test_viewer_sees_masked_values_in_the_ui(server, browser, tmp_path):
    url, ws, _ = server
    import pandas as pd

    users = pd.read_csv(ws / "demo-data" / "users.csv", dtype=str)
    phones = [p for p in users["手机号"].dropna()][:50]
    drv = browser
    _login(drv, url, "victor", "victor-secret")
    _type(drv, "chat_input", "show me the first 20 rows of users", enter=True)
    WebDriverWait(drv, 120).until(lambda d: "row(s)" in d.find_element(By.ID, "chatbot").text)
    drv.save_screenshot(str(tmp_path / "viewer.png"))
    page = drv.find_element(By.TAG_NAME, "body").text
    assert not any(p in page for p in phones)
    assert "viewer" in drv.find_element(By.ID, "who").text


def test_owner_retrains_the_column_classifier_from_the_feedback_tab(server, browser, tmp_path):
    url, ws, _ = server
    drv = browser
    _login(drv, url, "olga", "olga-secret")
    _tab(drv, "反馈与训练 Feedback")
    WebDriverWait(drv, 20).until(EC.visibility_of_element_located((By.ID, "fb_retrain")))
    drv.find_element(By.CSS_SELECTOR, "#fb_retrain").click()
    WebDriverWait(drv, 600).until(lambda d: d.find_element(By.ID, "fb_result").text.strip())
    drv.save_screenshot(str(tmp_path / "retrained.png"))
    text = drv.find_element(By.ID, "fb_result").text
    assert "dev macro-F1" in text and "promoted" in text and "not promoted" not in text, text
    current = json.loads((ws / "models" / "column-type" / "current.json").read_text())
    assert current["run_id"] in text
