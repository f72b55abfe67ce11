"""Claims: the ``individual`` flag (one person's outcome, low = high = 1).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The server default fills the rows already stored: every claim made before was a count.
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("individual", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("individual")
