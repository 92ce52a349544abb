"""The reviewer workflow's pure parts: queue priority, claim matching, ClaimReview export, API keys."""
