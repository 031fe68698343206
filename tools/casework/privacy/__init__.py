"""Privacy: keyed pseudonyms, the personal-data guard and append-only records.

* ``pseudonym`` - case ids from case-system ids, HMAC-SHA-256 under a secret key
* ``detectors`` - one small detector per kind of identifier
* ``denylist`` - the authority's list of names, stored as keyed hashes, kept outside the repo
* ``fingerprints`` - the allow-list of reviewed false positives (``.casework-allow.yaml``)
* ``scan`` - files and text; ``history`` - every commit in one ``git log -p`` pass
* ``audit`` - referrals, decisions, amendments and meetings are never changed once committed

Nothing here ever returns or prints the identifier it found.
"""
