"""The live preview: serve reports/, rebuild what an edit affects, and reload the open pages."""
