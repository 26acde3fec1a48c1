"""The curator's tools: add sources and claims safely, propose labels, check coverage of each text."""
