import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'companies' })
export class CompanyEntity {
  /** Chosen by the operator: a slug such as `acme`. Events name their company by it. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'companies_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
