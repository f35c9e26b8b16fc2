"""A seeded sample of scripts/fuzz_inputs.py: mutated and hostile files through extract and review
end with an answer — read (0) or refused with one error line (1) — no traceback, no silent loss."""
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import fuzz_inputs  # noqa: E402


def test_mutated_and_hostile_files_get_a_clean_answer(tmp_path):
    rng = random.Random(2026)
    inputs = fuzz_inputs.hostile(tmp_path)
    baseline = {p: fuzz_inputs.words(fuzz_inputs.run(p, "extract")["stdout"]) for p in fuzz_inputs.SOURCES
                if p.suffix in (".pdf", ".docx")}
    for n in range(24):
        source = rng.choice(sorted(baseline))
        data, how = fuzz_inputs.mutate(source.read_bytes(), rng)
        path = tmp_path / f"m{n:02d}{source.suffix}"
        path.write_bytes(data)
        inputs.append((path, f"{source.name}: {how}", ))
    for path, how in inputs:
        source = next((s for s in baseline if how.startswith(s.name + ":")), None)
        for command in ("extract", "review"):
            result = fuzz_inputs.run(path, command)
            assert not result["traceback"], (how, command, result["stderr"])
            assert result["status"] in (0, 1), (how, command, result["status"])
            if result["status"] == 1:
                assert result["stderr"].startswith("error: ") and result["stderr"].count("\n") == 1, (how, command)
            if command == "extract" and result["status"] == 0 and source is not None:
                lost = fuzz_inputs.words(result["stdout"]) < 0.9 * baseline[source]
                assert not lost or fuzz_inputs.warned(result["stdout"]), (how, "text lost without a warning")
