"""train / evaluate / review with a model, end to end on the fixture plans."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ehcp_nlp.cli import main

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"
RATED = {"early_years": "Outstanding", "post16": "Good", "nonverbal": "Good", "primary": "Requires Improvement",
         "secondary": "Inadequate"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rating")
    rows = ["file,rating,audit_date,auditor,split"]
    for i, path in enumerate(sorted(PLANS.glob("*.docx")) + sorted(PLANS.glob("*.pdf"))):
        rows.append(f"{path.name},{RATED[path.name.split('_')[0] if not path.name.startswith('early') else 'early_years']},"
                    f"2026-01-0{1 + i % 9},Sam,{'test' if i % 4 == 0 else 'train'}")
    (folder / "labels.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["train", "--labels", str(folder / "labels.csv"), "--plans", str(PLANS),
                                       "-o", str(folder / "model"), "--folds", "2"])
    assert result.exit_code == 0, result.output
    return folder, result


def test_train_writes_model_record_and_card(trained):
    folder, result = trained
    assert {p.name for p in (folder / "model").iterdir()} == {"model.skops", "parameters.json", "meta.json",
                                                              "model_card.md"}
    meta = json.loads((folder / "model" / "meta.json").read_text())
    assert meta["plans"] == 24 and "quadratic weighted kappa" in result.stdout
    assert meta["cross_validation"]["held_out"]["model"]["n"] == 6
    card = (folder / "model" / "model_card.md").read_text()
    assert "Cross-validated figures" in card and "retrain" in card.lower()


def test_review_with_model_gives_scores_rating_and_reasons(trained):
    folder, _ = trained
    result = CliRunner().invoke(main, ["review", str(PLANS / "secondary_classic.docx"), "--format", "json",
                                       "--model", str(folder / "model")])
    data = json.loads(result.stdout)
    assert set(data["scores"]) >= {"A", "K", "total", "out_of"} and data["scores"]["out_of"] == 60
    rating = data["rating"]
    assert rating["suggested"] in rating["probabilities"]
    assert abs(sum(rating["probabilities"].values()) - 1) < 0.01  # rounded to 3 places
    assert rating["reasons"] and all(isinstance(r, str) and r for r in rating["reasons"])
    text = CliRunner().invoke(main, ["review", str(PLANS / "secondary_classic.docx"), "--model",
                                     str(folder / "model")]).stdout
    assert "Suggested rating:" in text and "Section scores (out of 5):" in text


def test_evaluate_prints_both_figures(trained):
    folder, _ = trained
    result = CliRunner().invoke(main, ["evaluate", "--labels", str(folder / "labels.csv"), "--plans", str(PLANS),
                                       "--folds", "2"])
    assert result.exit_code == 0 and "cross-validation" in result.stdout and "held out" in result.stdout


def test_bad_labels_file_is_one_error_line(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("file,rating\nplan.docx,Brilliant\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--labels", str(labels), "--plans", str(tmp_path)])
    assert result.exit_code == 1 and result.stderr.startswith("error: ") and "Brilliant" in result.stderr


def test_review_without_a_model_still_scores(tmp_path):
    result = CliRunner().invoke(main, ["review", str(PLANS / "primary_lettered.md"), "--format", "json",
                                       "--model", str(tmp_path)])
    data = json.loads(result.stdout)
    assert data["rating"]["suggested"] is None and "no rating model" in data["rating"]["reason"]
    assert data["scores"]["total"] > 0
    assert any(w.startswith("rating.unavailable") for w in data["warnings"])


def test_labels_from_several_csvs_resolve_beside_each_and_count_by_weight(tmp_path):
    from ehcp_nlp.rating.training import fit_model, load_dataset

    names = sorted(p.name for p in PLANS.glob("*.docx"))
    first, second = tmp_path / "a", tmp_path / "b" / "deeper"
    first.mkdir()
    second.mkdir(parents=True)
    for n in names[:2]:  # relative names are looked for beside the CSV that names them
        (first / n).write_bytes((PLANS / n).read_bytes())
    (first / "labels.csv").write_text("file,rating\n" + "".join(f"{n},Good\n" for n in names[:2]))
    (second / "labels.csv").write_text("file,rating,split,group,weight\n" + "".join(
        f"{PLANS / n},Inadequate,holistic,writer1,3\n" for n in names[2:4]))
    data = load_dataset([first / "labels.csv", second / "labels.csv"])
    assert data.failed == [] and len(data.y) == 4 and data.weights == [1, 1, 3, 3]
    assert data.groups[2:] == ["writer1", "writer1"] and data.splits[2:] == ["holistic", "holistic"]
    fit_model(data, [0, 1, 2, 3])  # weights repeat rows; fitting works with them


def test_weight_must_be_a_whole_number(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("file,rating,weight\nplan.docx,Good,0.5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--labels", str(labels)])
    assert result.exit_code == 1 and "weight" in result.stderr and result.stderr.startswith("error: ")


def test_figures_are_cut_not_rounded_up():
    from ehcp_nlp.rating.card import exact

    assert exact(0.9997) == "0.999" and exact(0.873) == "0.873" and exact(1.0) == "1.000"
    assert exact(float("nan")) == "n/a"  # kappa is undefined when one side gives a single rating


def test_cross_validation_scores_each_split_from_the_same_predictions(trained):
    folder, _ = trained
    result = CliRunner().invoke(main, ["evaluate", "--labels", str(folder / "labels.csv"), "--plans", str(PLANS),
                                       "--folds", "2", "--format", "json"])
    figures = json.loads(result.stdout)
    parts = figures["scored_by_split"]
    assert set(parts) == {"train", "test"} and parts["train"]["n"] + parts["test"]["n"] == figures["model"]["n"]
