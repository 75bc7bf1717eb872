"""Task views: board (drag and drop), my tasks, timeline, the task dialog."""
