-- TEST ONLY: the columns of GrowthExperiments' growthexperiments_mentor_mentee table that the
-- stand-in uses (one primary mentor per mentee). Loaded with maintenance/sql.php.
CREATE TABLE IF NOT EXISTS /*_*/growthexperiments_mentor_mentee (
  gemm_mentee_id INTEGER NOT NULL,
  gemm_mentor_id INTEGER NOT NULL,
  gemm_mentor_role TEXT NOT NULL DEFAULT 'primary',
  PRIMARY KEY (gemm_mentee_id, gemm_mentor_role)
);
