"""Everything that brings data in: sociale-kaart workbooks, household JSON, Open Referral HSDS, demo data."""
