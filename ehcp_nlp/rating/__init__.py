"""Stage 4: section scores from a rubric, and a suggested rating from a trained, explainable classifier."""
