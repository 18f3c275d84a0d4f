"""Pure logic of the course's model tools (no ipywidgets here): one file per model family."""
