"""speakers belong to a collection (the one that first named them); a one-line
pitch and a portrait for the speaker finder

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = 'fk_speakers_collection_id_collections'
# A speaker's owner is the collection of the earliest testimony naming it
# (created first, then the lowest id). A speaker named by no testimony (only
# by talks) is left without one: the next collection that catalogues it
# claims it.
FIRST_COLLECTION = sa.text(
    """
    UPDATE speakers SET collection_id = (
        SELECT t.collection_id
        FROM testimonies t JOIN testimony_speakers ts ON ts.testimony_id = t.id
        WHERE ts.speaker_id = speakers.id
        ORDER BY t.created_at, t.id
        LIMIT 1
    )
    """
)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # Not a batch copy of the table: SQLite cannot drop the speakers table
        # that testimonies and talks refer to. A nullable column with an inline
        # REFERENCES is one it can add in place.
        op.execute(
            'ALTER TABLE speakers ADD COLUMN collection_id INTEGER CONSTRAINT '
            f'{FOREIGN_KEY} REFERENCES collections (id)'
        )
    else:
        op.add_column('speakers', sa.Column('collection_id', sa.Integer(), nullable=True))
        op.create_foreign_key(FOREIGN_KEY, 'speakers', 'collections', ['collection_id'], ['id'])
    op.add_column('speakers', sa.Column('pitch', sa.String(length=300), nullable=True))
    op.add_column('speakers', sa.Column('portrait', sa.Text(), nullable=True))
    op.execute(FIRST_COLLECTION)


def downgrade() -> None:
    with op.batch_alter_table('speakers') as batch:
        batch.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch.drop_column('portrait')
        batch.drop_column('pitch')
        batch.drop_column('collection_id')
