"""The language of claims: the cue lexicon, the hedge/booster/strength detector, sentences, and labelling a CSV."""
