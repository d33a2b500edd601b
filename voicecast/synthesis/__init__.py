"""Getting every segment synthesized: the content-addressed segment cache, the scheduler, the local thread pool and the Ray pool."""
