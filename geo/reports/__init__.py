"""From what is reported to landing points: gazetteer, phrases, Monte Carlo landing estimates."""
