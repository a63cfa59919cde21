"""tombstones of public testimonies deleted or withdrawn, for OAI-PMH

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'deletions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('accession', sa.String(length=100), nullable=False),
        sa.Column('collection_slug', sa.String(length=100), nullable=False),
        sa.Column('countries', sa.JSON(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('accession'),
    )


def downgrade() -> None:
    op.drop_table('deletions')
